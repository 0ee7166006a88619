"""/api/docs: the OpenAPI document as a plain HTML page, rendered on the server.

No JavaScript and nothing from a CDN: it works offline and weighs a few kilobytes, unlike
Swagger UI (over 1 MB of script).
"""

import re

from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from .endpoints import api

METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def describe(schema):
    """A short human name for a JSON schema: "string", "list of Slug", "MemberPage", "one of …"."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    for combiner in ("anyOf", "oneOf", "allOf"):
        if combiner in schema:
            parts = [describe(part) for part in schema[combiner] if part.get("type") != "null"]
            nullable = any(part.get("type") == "null" for part in schema[combiner])
            return " or ".join(parts) + (" or null" if nullable else "")
    if "enum" in schema:
        return "one of " + ", ".join(f"{value}" for value in schema["enum"])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list of {describe(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema:
        return "object"
    detail = schema.get("format") or schema.get("pattern")
    limits = []
    if "minimum" in schema:
        limits.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        limits.append(f"≤ {schema['maximum']}")
    if "maxLength" in schema:
        limits.append(f"at most {schema['maxLength']} characters")
    text = kind + (f" ({detail})" if detail else "")
    return text + (f", {', '.join(limits)}" if limits else "")


def markdown_lite(text, *, inline=False):
    """The descriptions' only markdown: `code` and (unless `inline`, for a table cell) paragraphs;
    everything else is escaped."""
    escaped = escape(text or "") if inline else linebreaks(escape(text or ""))
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))  # noqa: S308


def _operations(schema):
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            parameters = [
                {
                    "name": parameter["name"],
                    "in": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": describe(parameter.get("schema", {})),
                    "description": markdown_lite(
                        parameter.get("description") or parameter.get("schema", {}).get("description", ""),
                        inline=True,
                    ),
                    "default": parameter.get("schema", {}).get("default") or "",
                }
                for parameter in operation.get("parameters", [])
            ]
            responses = [
                {
                    "status": status,
                    "description": markdown_lite(response.get("description", ""), inline=True),
                    "type": describe(response.get("content", {}).get("application/json", {}).get("schema", {})),
                }
                for status, response in operation.get("responses", {}).items()
            ]
            yield {
                "method": method.upper(),
                "path": path,
                "id": operation.get("operationId", f"{method}-{path}"),
                "summary": operation.get("summary", ""),
                "description": markdown_lite(operation.get("description", "")),
                "parameters": parameters,
                "responses": responses,
                "example": path if "{" not in path else None,
            }


def _components(schema):
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        yield {
            "name": name,
            "description": markdown_lite(component.get("description", ""), inline=True),
            "fields": [
                {
                    "name": field_name,
                    "type": describe(field_schema),
                    "required": field_name in required,
                    "description": markdown_lite(field_schema.get("description", ""), inline=True),
                }
                for field_name, field_schema in component.get("properties", {}).items()
            ],
        }


@require_safe
def api_docs(request):
    schema = api.get_openapi_schema(path_params={})
    context = {
        "info": schema.get("info", {}),
        "description": markdown_lite(schema.get("info", {}).get("description", "")),
        "operations": list(_operations(schema)),
        "components": list(_components(schema)),
        "openapi_url": reverse("api:openapi-json"),
    }
    return render(request, "api/docs.html", context)
