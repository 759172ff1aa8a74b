"""The Jinja2 environment for public pages, with the govuk-frontend-jinja macros on its path."""

from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.templatetags.static import static
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape
from markupsafe import Markup

from localdigital.govuk import charts
from localdigital.govuk.forms import DateWidget, field_params, is_filtered, is_long_select, with_options
from localdigital.govuk.forms import error_message as govuk_error_message
from localdigital.platform.bilingual import fallback_lang, localised, localised_html
from localdigital.registers.search import highlighted


def url(name: str, *args, **kwargs) -> str:
    # Open data (CSV, JSON) has one address in every language: programs read it, not people. An Atom
    # feed's titles are read by people, so a Welsh page offers the Welsh feed.
    if name.endswith(("-csv", "-json")):
        with translation.override(settings.LANGUAGE_CODE):
            return reverse(name, args=args or None, kwargs=kwargs or None)
    return reverse(name, args=args or None, kwargs=kwargs or None)


def current_language() -> str:
    """The language of this page, for `lang` and `hreflang` attributes: en or cy."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def switch_language(request, language: str) -> str:
    """The page the person is on, in another language, with its query string: /cy/projects/?q=x."""
    path = request.path_info if request is not None else "/"
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and match.url_name:
        with translation.override(language):
            try:
                path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:  # a page that cannot be named again: the home page
                path = reverse("pages:home")
    else:
        with translation.override(language):
            path = reverse("pages:home")
    return f"{path}?{query}" if query else path


def govuk_date(value: date | datetime | None) -> str:
    """A date the GOV.UK way, in the page's language: 4 July 2018, 4 Gorffennaf 2018."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, "j F Y")


def govuk_time(value: datetime | None) -> str:
    """A time the GOV.UK way: 9:05am, 12pm (9:05yb, 12yh in Welsh)."""
    if value is None:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    minutes = f":{value:%M}" if value.minute else ""
    half = pgettext("time of day", "am") if value.hour < 12 else pgettext("time of day", "pm")
    return f"{value.hour % 12 or 12}{minutes}{half}"


def govuk_number(value: int | float | None) -> str:
    """A number with its thousands grouped, in the page's language: 12,345."""
    if value is None:
        return ""
    return formats.number_format(value, force_grouping=True)


def time_ago(value: datetime | None) -> str:
    """How long ago, the way people say it: today, 3 days ago, 2 months ago."""
    if value is None:
        return ""
    days = (timezone.now() - value).days
    if days < 1:
        return gettext("today")
    if days < 31:
        return ngettext("%(count)d day ago", "%(count)d days ago", days) % {"count": days}
    months = days // 30
    if months < 12:
        return ngettext("%(count)d month ago", "%(count)d months ago", months) % {"count": months}
    years = days // 365
    return ngettext("%(count)d year ago", "%(count)d years ago", years) % {"count": years}


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
        return govuk_error_message(form.errors[name][0])
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


def chart_svg(chart: charts.Chart) -> Markup:
    """A chart drawn inline in the page (charts.py escapes every word it writes)."""
    return Markup(charts.svg(chart))  # noqa: S704


def environment(**options) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            options["loader"],
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
        ]
    )
    # HTML is escaped; plain-text emails (.txt) are not, or "&" would arrive as "&amp;".
    options["autoescape"] = select_autoescape(disabled_extensions=("txt",), default=True)
    extensions = list(options.pop("extensions", []))
    options["extensions"] = [*extensions, "jinja2.ext.i18n"]
    env = Environment(**options)  # noqa: S701 (autoescape is set just above)
    # {{ _("Text") }}, {{ _("%(name)s signed", name=...) }} and ngettext, from Django's catalogues.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    env.globals.update(
        {
            "url": url,
            "static": static,
            "query_with": query_with,
            # {{ highlight(text, words) }}: people's text escaped, the words a search matched marked.
            "highlight": highlighted,
            "error_list": error_list,
            "error_message": error_message,
            "checkbox_items": checkbox_items,
            "notifications": notifications,
            "field_params": field_params,
            "is_filtered": is_filtered,
            "is_long_select": is_long_select,
            "with_options": with_options,
            "SERVICE_NAME": settings.SERVICE_NAME,
            "GOVUK_BRANDING": settings.GOVUK_BRANDING,
            "current_language": current_language,
            "switch_language": switch_language,
            "chart_svg": chart_svg,
            "chart_rows": charts.table_rows,
        }
    )
    env.filters["govuk_date"] = govuk_date
    env.filters["govuk_time"] = govuk_time
    env.filters["time_ago"] = time_ago
    env.filters["govuk_number"] = govuk_number
    # {{ round | localised("title") }}: the Welsh twin on a Welsh page when staff have written it.
    env.filters["localised"] = localised
    # {{ round | localised_html("title") }}: the same in a page's text, English fallback marked lang="en".
    env.filters["localised_html"] = localised_html
    env.filters["fallback_lang"] = fallback_lang
    return env
