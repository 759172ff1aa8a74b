"""Reading a drawn chart back, as tests do: its SVG parsed as XML, its bars' numbers, its table's rows."""

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parsed(image: str) -> ET.Element:
    """An SVG as XML; inline in HTML it has no namespace, so it is given one."""
    start = image.index("<svg")
    if "xmlns=" not in image[start : image.index(">", start)]:
        image = image.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1)
    return ET.fromstring(image)  # noqa: S314 (our own output)


def figures(html: str, name: str) -> tuple[ET.Element, list[list[str]]]:
    """The chart of that name in a page, parsed, and the rows of its table as shown."""
    block = html.split(f'id="{name}-chart"', 1)[1]
    image = re.search(r"<svg.*?</svg>", block, re.S).group(0)  # type: ignore[union-attr]
    body = block.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]
    return parsed(image), rows


def bar_values(root: ET.Element) -> list[tuple[str, int]]:
    """Each bar's label and the number written beside it."""
    return [
        (
            bar.find(f"{SVG}text[@class='app-chart__label']").text,  # type: ignore[union-attr]
            int(bar.find(f"{SVG}text[@class='app-chart__value']").get("data-value")),  # type: ignore[union-attr,arg-type]
        )
        for bar in root.findall(f".//{SVG}g[@class='app-chart__bar']")
    ]


def as_table(rows: list[list[str]]) -> list[tuple[str, int]]:
    """A table's rows as (label, number), to compare with `bar_values`."""
    return [(row[0], int(row[1].replace(",", ""))) for row in rows]
