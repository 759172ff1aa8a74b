"""The Atom feeds of the registers: what people typed goes out as text, never as markup for a reader."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed


class TextAtom1Feed(Atom1Feed):
    """Atom whose entry summaries are `type="text"`.

    Django's Atom1Feed writes each summary as `type="html"`, so a reader renders it: an update saying
    `<b>Done</b>` or `<a href=...>` would show as markup. Titles and subtitles are text already (Atom's
    default), so only the summary needs its type."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class RegisterFeed(Feed):
    """The base of every feed of the service."""

    feed_type = TextAtom1Feed
