"""The Jinja2 environment for public pages, with the govuk-frontend-jinja macros on its path."""

from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape

from localdigital.govuk.forms import DateWidget, field_params, is_filtered, is_long_select, with_options


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def govuk_date(value: date | datetime | None) -> str:
    """A date the GOV.UK way: 4 July 2018."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def govuk_time(value: datetime | None) -> str:
    """A time the GOV.UK way: 9:05am, 12pm."""
    if value is None:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    minutes = f":{value:%M}" if value.minute else ""
    return f"{value.hour % 12 or 12}{minutes}{'am' if value.hour < 12 else 'pm'}"


def time_ago(value: datetime | None) -> str:
    """How long ago, the way people say it: today, 3 days ago, 2 months ago."""
    if value is None:
        return ""
    days = (timezone.now() - value).days
    if days < 1:
        return "today"
    if days < 31:
        return "1 day ago" if days == 1 else f"{days} days ago"
    months = days // 30
    if months < 12:
        return "1 month ago" if months == 1 else f"{months} months ago"
    years = days // 365
    return "1 year ago" if years == 1 else f"{years} years ago"


def query_with(request, **changes) -> str:
    """The current query string with some parameters replaced (None removes one), e.g. for pagination."""
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def error_list(form) -> list[dict]:
    """A form's errors for govukErrorSummary, each linking to its field."""
    if not form.is_bound or not form.errors:
        return []

    def anchor(name: str) -> str:
        if name not in form.fields:
            return "#main-content"
        bound = form[name]
        # A date's error takes you to its day box; radios and checkboxes to their first item.
        suffix = "-day" if isinstance(bound.field.widget, DateWidget) else ""
        return f"#{bound.auto_id}{suffix}"

    return [
        {"text": message, "href": anchor(name)}
        for name, messages in form.errors.items()
        for message in messages
    ]


def error_message(form, name: str) -> dict | None:
    """A field's first error as the errorMessage parameter of a GOV.UK macro, or None."""
    if form.is_bound and form.errors.get(name):
        return {"text": form.errors[name][0]}
    return None


def checkbox_items(form, name: str) -> list[dict]:
    """The items of govukCheckboxes for a multiple-choice field, ticked as the person left them."""
    chosen = set(form.data.getlist(name)) if hasattr(form.data, "getlist") else set(form.data.get(name) or [])
    return [
        {"value": value, "text": label, "checked": value in chosen}
        for value, label in form.fields[name].choices
    ]


def notifications(request) -> list[dict]:
    """The messages views left for this person (messages.success and the like), each shown once."""
    if request is None:
        return []
    return [
        {"text": str(message), "success": message.level == messages.SUCCESS}
        for message in messages.get_messages(request)
    ]


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
        ]
    )
    # HTML is escaped; plain-text emails (.txt) are not, or "&" would arrive as "&amp;".
    options["autoescape"] = select_autoescape(disabled_extensions=("txt",), default=True)
    env = Environment(**options)  # noqa: S701 (autoescape is set just above)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "query_with": query_with,
            "error_list": error_list,
            "error_message": error_message,
            "checkbox_items": checkbox_items,
            "notifications": notifications,
            "field_params": field_params,
            "is_filtered": is_filtered,
            "is_long_select": is_long_select,
            "with_options": with_options,
            "SERVICE_NAME": settings.SERVICE_NAME,
        }
    )
    env.filters["govuk_date"] = govuk_date
    env.filters["govuk_time"] = govuk_time
    env.filters["time_ago"] = time_ago
    return env
