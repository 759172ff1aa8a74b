"""Paging through a register: page numbers for people, limit and offset for the API."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext

from localdigital.registers.errors import BadRequest

PAGE_SIZE = 50
API_DEFAULT_LIMIT = 100
API_MAX_LIMIT = 500


def page_of(queryset: QuerySet, request, per_page: int = PAGE_SIZE):
    """The page a person asked for with ?page=N; a page past the end shows the last one."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def govuk_pagination(page, request) -> dict | None:
    """Parameters for the govukPagination macro, keeping the other query parameters."""
    if page.paginator.num_pages <= 1:
        return None

    def href(number: int) -> str:
        params = request.GET.copy()
        params["page"] = number
        return f"?{params.urlencode()}"

    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    items = [
        {"ellipsis": True}
        if number == page.paginator.ELLIPSIS
        else {
            "number": number,
            "href": href(number),
            "current": number == page.number,
            "visuallyHiddenText": gettext("Page %(number)s") % {"number": number},
        }
        for number in numbers
    ]
    params: dict[str, object] = {"items": items, "landmarkLabel": gettext("Pagination")}
    if page.has_previous():
        params["previous"] = {"href": href(page.previous_page_number()), "text": gettext("Previous")}
    if page.has_next():
        params["next"] = {"href": href(page.next_page_number()), "text": gettext("Next")}
    return params


@dataclass
class Slice:
    count: int
    limit: int
    offset: int
    items: list
    links: dict


def limit_offset(queryset: QuerySet, *, limit: int, offset: int, base_url: str, params: dict) -> Slice:
    """A slice of the register with its total and links to the neighbouring slices."""
    count = queryset.count()
    # Past the end there is nothing to fetch; nor could the database take an offset beyond 2^63 - 1.
    items = list(queryset[offset : offset + limit]) if offset < count else []

    def link(new_offset: int) -> str:
        query = {key: value for key, value in params.items() if value not in (None, "", [])}
        query.update({"limit": limit, "offset": new_offset})
        return f"{base_url}?{urlencode(query, doseq=True)}"

    links = {
        "self": link(offset),
        "first": link(0),
        "previous": link(max(offset - limit, 0)) if offset > 0 else None,
        "next": link(offset + limit) if offset + limit < count else None,
    }
    return Slice(count=count, limit=limit, offset=offset, items=items, links=links)


def api_slice(queryset: QuerySet, *, limit: int, offset: int, base_url: str, params: dict, serialise) -> dict:
    """The body every API list endpoint returns: count, limit, offset, links and the serialised items.

    Raises the API's 400 problem when limit or offset is out of range.
    """
    if not 1 <= limit <= API_MAX_LIMIT:
        raise BadRequest("Bad limit", f"limit must be between 1 and {API_MAX_LIMIT}")
    if offset < 0:
        raise BadRequest("Bad offset", "offset must be 0 or more")
    page = limit_offset(queryset, limit=limit, offset=offset, base_url=base_url, params=params)
    return {
        "count": page.count,
        "limit": page.limit,
        "offset": page.offset,
        "links": page.links,
        "items": [serialise(item) for item in page.items],
    }
