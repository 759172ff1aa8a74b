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
    heading_field: str = "",
    inset: str = "",
) -> TemplateResponse:
    """Render `form` on a question page: caption, heading, words, every field and one button.

    With `heading_field`, that field's label or legend is the page's heading (the Design System's one
    question on a page) instead of a separate `heading`, which then only titles the page."""
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
            "heading_field": heading_field,
            "inset": inset,
        },
    )


def one_question(request, form, field_name: str, **options) -> TemplateResponse:
    """A page that asks only `form[field_name]`, whose label or legend is the page's heading; `options`
    are question()'s (the button, back link, navigation section and inset)."""
    heading = str(form.fields[field_name].label)
    return question(request, form, heading=heading, heading_field=field_name, **options)
