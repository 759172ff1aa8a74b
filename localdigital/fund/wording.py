"""Putting the names of phases and organisation types into sentences: "an alpha bid", "a unitary
authority", "a London borough", with the article chosen by sound and proper names kept capitalised.
Welsh has no indefinite article, so in Welsh a phrase is left as it is: the Welsh sentence places it."""

from django.utils import translation

# Names that stay capitalised inside a sentence.
PROPER_STARTS = ("London", "City of London", "Scottish", "Welsh", "Northern Irish", "Greater London")
# Words spelt with a vowel that start with a consonant sound ("a unitary", "a one-off", "a user"), and
# with a consonant that start with a vowel sound ("an hour").
SOUNDS_LIKE_A_CONSONANT = ("uni", "use", "usu", "eu", "one", "once")
SOUNDS_LIKE_A_VOWEL = ("hour", "honest", "honour", "heir")


def in_sentence(label: str) -> str:
    """A label ("Alpha", "County council", "London borough") as it is written mid-sentence."""
    if label.startswith(PROPER_STARTS):
        return label
    return label[:1].lower() + label[1:]


def article(phrase: str) -> str:
    """ "a" or "an" for `phrase`, by how it is said."""
    word = phrase.strip().lower()
    if word.startswith(SOUNDS_LIKE_A_VOWEL):
        return "an"
    if word.startswith(SOUNDS_LIKE_A_CONSONANT):
        return "a"
    return "an" if word[:1] in "aeiou" and word else "a"


def with_article(phrase: str, *, start: bool = False) -> str:
    """`phrase` after its article: "an alpha", "a beta", "another public body"; capitalised with
    `start` for a sentence's start. In Welsh, the phrase alone (Welsh has no "a" or "an", and the phrase
    does not start the Welsh sentence)."""
    if (translation.get_language() or "").startswith("cy"):
        return phrase
    words = f"another {phrase[6:]}" if phrase.startswith("other ") else f"{article(phrase)} {phrase}"
    return words[:1].upper() + words[1:] if start else words
