"""Welsh councils' Welsh names, from the alternative names in mySociety's list of local authorities.

That list gives each council's other names in one comma-separated column ("Cardiff,Caerdydd,The City of
Cardiff Council,caerdydd,cardiff,..."): the everyday English name, the Welsh name where it differs,
official names and lower-case keys for matching. Some of its text was saved in the wrong encoding (the
bytes of "Môn" read as Windows-1252, or the letter lost outright), so each name is repaired first.
"""

import re

from localdigital.organisations.models import search_key

# Letters the file lost outright (a replacement character left in their place), by the word they were in.
LOST_LETTERS = {
    "M\ufffdn": "Môn",  # Ynys Môn, Anglesey
    "\uffa0": " ",  # a space saved as a half-width filler ("City\uffa0and County of Swansea")
}

# Words that make an alternative name an English or official one, not the council's Welsh name.
ENGLISH_WORDS = re.compile(r"\b(council|county|borough|city|the|and|of|ua)\b", re.IGNORECASE)


def repair_mojibake(text: str) -> str:
    """Text saved as UTF-8, read as Windows-1252 and saved again (perhaps more than once), put back, so
    that the two letters Windows-1252 makes of "ô" are "ô" again. Text never mangled is left as it is."""
    repaired = text
    for _ in range(3):
        candidate = _undo_once(repaired)
        if candidate is None or candidate == repaired:
            break
        repaired = candidate
    for lost, letter in LOST_LETTERS.items():
        repaired = repaired.replace(lost, letter)
    return repaired


def _undo_once(text: str) -> str | None:
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return None


def welsh_name(nice_name: str, official_name: str, alt_names: str) -> str:
    """A Welsh council's name in Welsh: Caerdydd for Cardiff, or the name itself where it is the same in
    both languages (Gwynedd, Powys)."""
    names = [repair_mojibake(name).strip() for name in alt_names.split(",")]
    english = {search_key(nice_name), search_key(official_name)}
    candidates = [
        name for name in names if name and search_key(name) not in english and not ENGLISH_WORDS.search(name)
    ]
    for name in candidates:
        if name != name.lower():  # written as a name, not a lower-case key for matching
            return name
    for name in candidates:
        # Only a lower-case key ("rhondda cynon taf"): capitals from the official name beginning with it.
        if official_name.lower().startswith(name.lower() + " "):
            return official_name[: len(name)]
    return nice_name
