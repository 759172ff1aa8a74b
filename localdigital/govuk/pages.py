"""The one GOV.UK question page, for short forms."""

from django.template.response import TemplateResponse


def question(
    request,
    form,
    *,
    heading: str,
    button: str,
    caption: str = "",
    intro: str = "",
    back_url: str = "",
    navigation_section: str = "",
    button_classes: str = "",
) -> TemplateResponse:
    """Render `form` on a question page: caption, heading, words, every field and one button."""
    return TemplateResponse(
        request,
        "govuk/question.html",
        {
            "form": form,
            "heading": heading,
            "button": button,
            "caption": caption,
            "intro": intro,
            "back_url": back_url,
            "navigation_section": navigation_section,
            "button_classes": button_classes,
        },
    )
