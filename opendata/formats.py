"""The files, written as they stream: CSV, JSON and GeoJSON, a piece of about 64 kB at a time.

Rows are read inside a transaction: on PostgreSQL, `.iterator()` reads through a server-side cursor,
which outside a transaction is declared WITH HOLD and so materialised whole before the first row
comes; inside one, rows come as the database finds them. The file's language (text columns and the
pages' addresses) is active while it is read.
"""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from django.db import connection, transaction
from django.utils import translation

from .resources import LIST_DELIMITER

PIECE = 64 * 1024  # characters buffered before a piece is sent

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}


def _rows(resource, links, language):
    with translation.override(language), transaction.atomic():
        if connection.vendor == "postgresql":
            # A file's statement is estimated costly enough for PostgreSQL to compile it (JIT) before the
            # first row: about 190 ms at 100,000 members, for a plan that then spends its time in index
            # look-ups. For this transaction only.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield from resource.rows(links)


def _text(value):
    """A value as CSV writes it: lists joined, times in ISO 8601 with their offset, nothing for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_DELIMITER.join(str(item) for item in value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _plain(value):
    """A value as JSON writes it: numbers as numbers, times in ISO 8601 with their offset."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _pieces(lines):
    """Lines of text gathered into pieces of about PIECE characters, as UTF-8."""
    buffer, size = [], 0
    for line in lines:
        buffer.append(line)
        size += len(line)
        if size >= PIECE:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


def csv_file(resource, links, language, metadata):
    names = [field.name for field in resource.fields]
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\r\n")

    def written(values):
        line.seek(0)
        line.truncate()
        writer.writerow(values)
        return line.getvalue()

    yield written(names).encode()  # the header goes at once, before the query runs
    yield from _pieces(written([_text(row[name]) for name in names]) for row in _rows(resource, links, language))


def _record(resource, row):
    return {field.name: _plain(row[field.name]) for field in resource.fields}


def _json_file(head, items):
    """`head` (a dict ending with an empty list) written with `items` streamed into that list."""
    opening = json.dumps(head, ensure_ascii=False)
    yield opening[:-2].encode()  # without the closing "]}"
    yield from _pieces(
        ("\n" if index == 0 else ",\n") + json.dumps(item, ensure_ascii=False) for index, item in enumerate(items)
    )
    yield b"\n]}\n"


def json_file(resource, links, language, metadata):
    records = (_record(resource, row) for row in _rows(resource, links, language))
    yield from _json_file({**metadata, "data": []}, records)


def geojson_file(resource, links, language, metadata):
    """A FeatureCollection (RFC 7946): coordinates are [longitude, latitude]; the metadata are foreign
    members of the collection. A member is a Point, a good practice a MultiPoint of its members."""

    def features():
        for row in _rows(resource, links, language):
            points = [[float(longitude), float(latitude)] for longitude, latitude in resource.points(row)]
            if not points:
                continue
            coordinates = points[0] if resource.geometry == "Point" else points
            geometry = {"type": resource.geometry, "coordinates": coordinates}
            yield {"type": "Feature", "id": row["slug"], "geometry": geometry, "properties": _record(resource, row)}

    yield from _json_file({"type": "FeatureCollection", **metadata, "features": []}, features())


WRITERS = {"csv": csv_file, "json": json_file, "geojson": geojson_file}
