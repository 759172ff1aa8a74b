"""A register, declared once: its query, filters, rows, CSV columns, feed entries and the models it shows.

From one `Register` come its HTML page, its JSON API list (with the OpenAPI parameters made from its
filters), its whole-register CSV and JSON (streamed a chunk at a time), its Atom feed, and the cache
validators of all of them (from `depends_on`). Each domain declares its registers in `<app>/register.py`;
see organisations/register.py for the shortest.
"""

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from localdigital.govuk.forms import GovukForm
from localdigital.registers.caching import conditional, data_version, open_data, shared_data, shared_page
from localdigital.registers.csv import csv_response
from localdigital.registers.errors import BadRequest
from localdigital.registers.feeds import RegisterFeed
from localdigital.registers.filters import Filter, declared
from localdigital.registers.pagination import API_DEFAULT_LIMIT, api_slice, govuk_pagination, page_of
from localdigital.registers.rows import ValueRows

CHUNK = 500  # rows fetched (and their related rows prefetched) at a time when streaming a whole register


@dataclass
class FeedEntry:
    """What the register's Atom feed says of each row; `params` are filters every feed request has. A
    title or subtitle that is a function of the feed's object (None but for a feed about one thing) is
    called for each request, so it is in the request's language: a /cy/ feed's titles are Welsh."""

    title: str | Callable
    link: str | Callable  # a URL name, or a function of the feed's object
    item_title: Callable
    item_description: Callable
    item_link: Callable
    item_pubdate: Callable
    item_updateddate: Callable | None = None
    subtitle: str | Callable | None = None
    params: dict = field(default_factory=dict)
    # For a feed about one thing (one project's updates): find it from the URL, and keep its rows.
    get_object: Callable[..., Any] | None = None
    scope: Callable[[QuerySet, Any], QuerySet] | None = None
    length: int = 50


_registers: list["Register"] = []


def every_register() -> list["Register"]:
    """Every register declared so far (each domain's register module, once imported)."""
    return list(_registers)


class Register:
    def __init__(
        self,
        name: str,
        *,
        query: Callable[[], QuerySet],
        depends_on: Sequence[type[Model]],
        filters: dict[str, Filter] | None = None,
        row: Callable[[Any], dict] | None = None,
        values: ValueRows | None = None,
        item_schema: Any = None,
        csv_columns: Sequence[str] | dict[str, Callable[[dict], Any] | None] = (),
        template: str | None = None,
        context: Callable[[HttpRequest], dict] | None = None,
        feed: FeedEntry | None = None,
        api_url_name: str | None = None,
    ):
        self.name = name
        self.query = query
        self.depends_on = tuple(depends_on)
        self.filters = declared(filters or {})
        self._row = row
        self.values = values
        self.item_schema = item_schema
        self.csv_columns = csv_columns
        self.template = template
        self.context = context
        self.feed_entry = feed
        self.api_url_name = api_url_name
        _registers.append(self)

    # The filters -------------------------------------------------------------------------------------

    @cached_property
    def form_class(self) -> type[GovukForm]:
        """The GOV.UK filter form: one field per filter, in the order declared."""
        filters = self.filters

        def __init__(form, *args, version: str | None = None, **kwargs):
            GovukForm.__init__(form, *args, **kwargs)
            for name, each in filters.items():
                each.prepare(form.fields[name], version=version)

        fields = {name: each.form_field() for name, each in filters.items()}
        return type(f"{self.name.title()}Filters", (GovukForm,), {**fields, "__init__": __init__})

    def form(self, params, *, version: str | None = None) -> GovukForm:
        """The filter form bound to request parameters and checked; invalid filters are not applied.

        With the register's data version (from its validators), a filter's choices read from the
        database are the ones this process kept at that version."""
        form = self.form_class(params, version=version)
        form.is_valid()
        return form

    def apply(self, form, queryset: QuerySet | None = None) -> QuerySet:
        data = getattr(form, "cleaned_data", {})
        queryset = self.query() if queryset is None else queryset
        for name, each in self.filters.items():
            queryset = each.apply(queryset, data.get(name))
        return queryset

    def filtered(self, params) -> tuple[GovukForm, QuerySet]:
        form = self.form(params)
        return form, self.apply(form)

    def row(self, item: Any) -> dict:
        """One item as open data (its API item, CSV row and JSON item)."""
        if self._row is None:
            raise TypeError(f"The {self.name} register declares no row: it has no API, CSV or JSON")
        return self._row(item)

    def rows(self, queryset: QuerySet) -> Iterator[dict]:
        """Every row as open data, a chunk at a time: memory and queries per chunk, not per row. From plain
        values where the register declares how (registers/rows.py), else from its instances."""
        if self.values is not None:
            yield from self.values(queryset)
            return
        for item in queryset.iterator(chunk_size=CHUNK):
            yield self.row(item)

    # The views ---------------------------------------------------------------------------------------

    def validators(self, policy=None):
        return (
            conditional(*self.depends_on) if policy is None else conditional(*self.depends_on, policy=policy)
        )

    @cached_property
    def page(self):
        """The HTML page: the filter form, a page of rows, and what else the template needs."""

        def render(request):
            form = self.form(request.GET, version=data_version(request))
            page = page_of(self.apply(form), request)
            context = {"filters": form, "page": page, "pagination": govuk_pagination(page, request)}
            if self.context is not None:
                context.update(self.context(request))
            return TemplateResponse(request, self.template, context)

        def view(request):
            # Anyone signed out asking for the same page at the same data version gets one copy.
            return shared_page(request, self.name, lambda: render(request))

        view.__name__ = view.__qualname__ = f"{self.name}_page"
        return self.validators()(view)

    def _csv_header(self) -> list[str]:
        return list(self.csv_columns)

    def _csv_cells(self, row: dict) -> list:
        if isinstance(self.csv_columns, dict):
            return [
                (value(row) if callable(value) else row[column]) for column, value in self.csv_columns.items()
            ]
        return [row[column] for column in self.csv_columns]

    @cached_property
    def csv(self):
        """The whole register (filtered as asked) as CSV, streamed."""

        def view(request):
            _form, queryset = self.filtered(request.GET)
            rows = (self._csv_cells(row) for row in self.rows(queryset))
            return csv_response(f"{self.name}.csv", self._csv_header(), rows)

        view.__name__ = view.__qualname__ = f"{self.name}_csv"
        return self.validators(open_data)(view)

    def _json_item(self, row: dict) -> dict:
        if self.item_schema is None:
            return row
        return self.item_schema.model_validate(row).model_dump(mode="json")

    @cached_property
    def json(self):
        """The whole register (filtered as asked) as one JSON document of the API's items, streamed."""

        def view(request):
            _form, queryset = self.filtered(request.GET)
            return StreamingHttpResponse(
                _json_document(queryset.count(), (self._json_item(row) for row in self.rows(queryset))),
                content_type="application/json",
            )

        view.__name__ = view.__qualname__ = f"{self.name}_json"
        return self.validators(open_data)(view)

    @cached_property
    def feed(self) -> RegisterFeed:
        """The Atom feed of the newest rows, filtered as asked."""
        if self.feed_entry is None:
            raise ValueError(f"The {self.name} register declares no feed")
        return _GeneratedFeed(self)

    # The API -----------------------------------------------------------------------------------------

    def _filter_fields(self) -> dict:
        from ninja import Field

        return {
            name: (each.api_type, Field(each.api_default, description=each.description))
            for name, each in self.filters.items()
        }

    @cached_property
    def filter_schema(self):
        """The API's query parameters for the filters alone (for an endpoint that counts, say)."""
        from ninja import Schema
        from pydantic import create_model

        return create_model(f"{self.name.title()}FilterQuery", __base__=Schema, **self._filter_fields())

    @cached_property
    def query_schema(self):
        """The API's query parameters of a list: one per filter, then limit and offset."""
        from ninja import Field, Schema
        from pydantic import create_model

        fields = self._filter_fields()
        fields["limit"] = (int, Field(API_DEFAULT_LIMIT, description="How many rows, at most 500"))
        fields["offset"] = (int, Field(0, description="How many rows to skip"))
        return create_model(f"{self.name.title()}Query", __base__=Schema, **fields)

    @cached_property
    def page_schema(self):
        from ninja import Schema
        from pydantic import create_model

        return create_model(
            f"{self.item_schema.__name__.removesuffix('Out')}Page",
            __base__=Schema,
            count=(int, ...),
            limit=(int, ...),
            offset=(int, ...),
            links=(Links, ...),
            items=(list[self.item_schema], ...),
        )

    def api_params(self, query) -> dict:
        """The API's parameters as the filter form takes them; a filter drawn as several boxes (a date's
        day, month and year) gives a dict of them."""
        params: dict = {}
        for name, each in self.filters.items():
            value = each.to_param(getattr(query, name))
            if isinstance(value, dict):
                params.update(value)
            else:
                params[name] = value
        return params

    def valid(self, params) -> QuerySet:
        """The register filtered by the API's parameters, or a 400 naming the filters that are not valid."""
        form = self.form_class(params)
        if not form.is_valid():
            raise BadRequest("Bad filter", "Some filters are not valid", errors=form.errors.get_json_data())
        return self.apply(form)

    def api_list(self, request, query) -> dict:
        """A slice of the register for the API."""
        params = self.api_params(query)

        def compute() -> dict:
            return api_slice(
                self.valid(params),
                limit=query.limit,
                offset=query.offset,
                base_url=settings.SITE_URL + reverse(f"api-v1:{self.api_url_name}"),
                params=params,
                serialise=self.row,
            )

        # Anyone signed out asking for the same slice at the same data version gets one copy.
        return shared_data(request, self.name, compute)

    def add_api(self, router, path: str, *, url_name: str, summary: str, description: str = ""):
        """Add the register's list endpoint to a django-ninja router."""
        from ninja import Query
        from ninja.decorators import decorate_view

        self.api_url_name = url_name
        schema = self.query_schema

        def endpoint(request: HttpRequest, query: Query[schema]):  # type: ignore[valid-type]
            return self.api_list(request, query)

        endpoint.__name__ = f"list_{self.name}"
        endpoint.__doc__ = description
        decorated = decorate_view(self.validators(open_data))(endpoint)
        router.get(path, response=self.page_schema, url_name=url_name, summary=summary)(decorated)
        return decorated


def _ninja_links():
    from ninja import Schema

    class Links(Schema):
        self: str
        first: str
        previous: str | None
        next: str | None

    return Links


Links = _ninja_links()


def _json_document(count: int, items: Iterable[dict]) -> Iterator[str]:
    yield f'{{"count": {count}, "items": ['
    for number, item in enumerate(items):
        yield ("," if number else "") + json.dumps(item, ensure_ascii=False)
    yield "]}"


@dataclass
class _FeedRequest:
    request: HttpRequest
    thing: Any


def _value(value, thing):
    return value(thing) if callable(value) else value


class _GeneratedFeed(RegisterFeed):
    """A register's feed. One instance answers every request, so what a request asks travels with the
    feed's object."""

    def __init__(self, register: Register):
        super().__init__()
        self.register = register
        self.entry = register.feed_entry
        self.validated = register.validators(open_data)(self._answer)

    def __call__(self, request, *args, **kwargs):
        return self.validated(request, *args, **kwargs)

    def _answer(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        thing = self.entry.get_object(request, *args, **kwargs) if self.entry.get_object else None
        return _FeedRequest(request, thing)

    def title(self, asked):
        return _value(self.entry.title, asked.thing)

    def subtitle(self, asked):
        return _value(self.entry.subtitle, asked.thing)

    def link(self, asked):
        return self.entry.link(asked.thing) if callable(self.entry.link) else reverse(self.entry.link)

    def items(self, asked):
        params = asked.request.GET.copy()
        for key, value in self.entry.params.items():
            params[key] = value
        _form, queryset = self.register.filtered(params)
        if self.entry.scope is not None and asked.thing is not None:
            queryset = self.entry.scope(queryset, asked.thing)
        return queryset[: self.entry.length]

    def item_title(self, item):
        return self.entry.item_title(item)

    def item_description(self, item):
        return self.entry.item_description(item)

    def item_link(self, item):
        return self.entry.item_link(item)

    def item_pubdate(self, item):
        return self.entry.item_pubdate(item)

    def item_updateddate(self, item):
        return (self.entry.item_updateddate or self.entry.item_pubdate)(item)
