"""The API reference: a GOV.UK page made from the OpenAPI schema, readable without JavaScript."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from localdigital.api import api

PRIMITIVE_NAMES = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
}


def describe(schema: dict) -> str:
    """A field's type in plain words, e.g. 'list of: county, district' or 'Organisation, or nothing'."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    if "anyOf" in schema:
        kinds = [describe(option) for option in schema["anyOf"] if option.get("type") != "null"]
        nullable = any(option.get("type") == "null" for option in schema["anyOf"])
        return " or ".join(kinds) + (", or nothing" if nullable else "")
    if schema.get("type") == "array":
        return "list of " + describe(schema.get("items", {}))
    if schema.get("format") == "date":
        return "date (YYYY-MM-DD)"
    return PRIMITIVE_NAMES.get(schema.get("type", ""), schema.get("type", "any"))


def shape_named(schema: dict) -> str:
    """The data shape a schema is, or is a list of: 'SimilarOut' for a list of them; '' for none."""
    reference = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
    return reference.rsplit("/", 1)[-1]


def _operations(openapi: dict) -> list[dict]:
    operations = []
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            ok = operation.get("responses", {}).get("200", {})
            body = ok.get("content", {}).get("application/json", {}).get("schema", {})
            operations.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "location": "path" if parameter["in"] == "path" else "query string",
                            "required": parameter.get("required", False),
                            "type": describe(parameter.get("schema", {})),
                            "default": parameter.get("schema", {}).get("default"),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "returns": describe(body) if body else "",
                    "returns_shape": shape_named(body),
                    "takes": shape_named(
                        operation.get("requestBody", {})
                        .get("content", {})
                        .get("application/json", {})
                        .get("schema", {})
                    ),
                }
            )
    return operations


def _schemas(openapi: dict) -> list[dict]:
    return [
        {
            "name": name,
            "fields": [
                {"name": field, "type": describe(spec), "required": field in schema.get("required", [])}
                for field, spec in schema.get("properties", {}).items()
            ],
            "allowed": schema.get("enum", []),
        }
        for name, schema in openapi.get("components", {}).get("schemas", {}).items()
    ]


@require_safe
def reference(request):
    openapi = api.get_openapi_schema()
    return TemplateResponse(
        request,
        "api/reference.html",
        {
            "info": openapi["info"],
            "operations": _operations(openapi),
            "schemas": _schemas(openapi),
        },
    )
