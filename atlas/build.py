"""Turn Natural Earth's TopoJSON (the npm package `world-atlas`) into the portal's compact world map.

Only `manage.py build_world_shapes` uses this module, never a request: the result is
committed as `atlas/data/world.json`, and the site reads that file.

The steps:
1. decode the TopoJSON arcs (quantised, delta-encoded) into longitude/latitude;
2. project them with Equal Earth into the map's viewBox;
3. simplify each *arc* (Douglas-Peucker), so a border shared by two countries is
   simplified once and the neighbours still meet without gaps or overlaps;
4. join arcs into rings, round to whole viewBox units, drop islands too small to see;
5. write one SVG path per country keyed by ISO 3166-1 alpha-2 (the package uses the
   numeric code), plus a point for each country too small to click (or missing at this scale);
6. draw the same paths once more as a static SVG sprite (`atlas/static/atlas/world.svg`), one
   `<path id="XX">` per country inside `<g id="world">`: pages reference it with `<use>`, so the
   geometry is downloaded once and cached instead of being inlined in every page.
"""

import json
import math
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django_countries import countries

from . import palette
from .projection import Frame

SPRITE_FILE = Path(__file__).resolve().parent / "static" / "atlas" / "world.svg"
SPRITE_WORLD = "world"  # the id of the group holding every shape: the map's base layer

PACKAGE = "world-atlas"
PACKAGE_VERSION = "2.0.2"
DETAIL = "countries-110m.json"
EXTRA_DETAIL = "countries-50m.json"  # only for where the small countries are

WIDTH = 1000
NORTH, SOUTH = 84.0, -56.0  # Greenland's tip to Cape Horn; Antarctica is left out
TOLERANCE = 0.45  # viewBox units a simplified line may stray from the original
MIN_RING_AREA = 2.0  # islands smaller than this (in square units) are dropped
DOT_AREA = 20.0  # countries smaller than this also get a point, so they can be clicked
LEFT_OUT = {"AQ"}
# Places Natural Earth draws as part of another country (mostly France's overseas regions), so they
# have no shape of their own: a point (longitude, latitude) still lets their members be clicked.
FOLDED_IN = {
    "BQ": (-68.26, 12.18),
    "BV": (3.41, -54.42),
    "CC": (96.87, -12.16),
    "CX": (105.69, -10.49),
    "GF": (-53.13, 3.93),
    "GI": (-5.35, 36.14),
    "GP": (-61.55, 16.25),
    "MQ": (-61.02, 14.64),
    "RE": (55.54, -21.12),
    "SJ": (16.0, 78.5),
    "TK": (-171.86, -9.17),
    "TV": (179.2, -8.52),
    "YT": (45.15, -12.83),
}


def fetch_package(destination, version=PACKAGE_VERSION):
    """Download the package with npm into `destination` and return the unpacked folder."""
    destination = Path(destination)
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        ["npm", "pack", f"{PACKAGE}@{version}", "--pack-destination", str(destination), "--silent"],  # noqa: S607
        check=True,
        capture_output=True,
    )
    archive = next(destination.glob(f"{PACKAGE}-*.tgz"))
    with tarfile.open(archive) as tar:
        tar.extractall(destination, filter="data")
    return destination / "package"


def decode_arcs(topology):
    """Every arc of the topology as a list of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _distance_to_segment(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify(points, tolerance):
    """Douglas-Peucker, keeping both ends (where arcs meet other arcs)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, None
        for i in range(first + 1, last):
            distance = _distance_to_segment(points[i], points[first], points[last])
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring_area(ring):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def ring_centroid(ring):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return ring[0]
    return cx / (3 * area), cy / (3 * area)


def _rings(geometry):
    if geometry.get("type") == "Polygon":
        return list(geometry["arcs"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def _join(ring_arcs, arcs):
    """A ring from its arc indexes; ~i is arc i reversed. Consecutive arcs share their end point."""
    ring = []
    for index in ring_arcs:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def _round(ring):
    rounded = []
    for x, y in ring:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    return rounded


def path_data(rings):
    """SVG path data: an absolute move to each ring's start, then relative whole-unit steps."""
    parts = []
    for ring in rings:
        (x, y), rest = ring[0], ring[1:]
        steps = []
        for nx, ny in rest:
            steps.append(f"{nx - x} {ny - y}".replace(" -", "-"))
            x, y = nx, ny
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{' '.join(steps)}z".replace(" -", "-"))
    return "".join(parts)


def alpha2(feature):
    code = feature.get("id")
    return countries.alpha2(code) or None if code else None


def unwrap_antimeridian(topology, arcs):
    """Make rings that cross the ±180° meridian (Russia's Chukotka, Fiji) continuous.

    The source keeps such rings whole, so one step runs from +180° to -180°: drawn as is,
    it would cross the whole map. The arcs of those countries are moved to the side most
    of their points are on; that bit of land then sits just past the map's edge.
    """
    geometries = topology["objects"]["countries"]["geometries"]
    for feature in geometries:
        indexes = {index if index >= 0 else ~index for ring in _rings(feature) for index in ring}
        crosses = any(
            abs(a[0] - b[0]) > 180 for index in indexes for a, b in zip(arcs[index], arcs[index][1:], strict=False)
        )
        if not crosses:
            continue
        east = sum(1 for index in indexes for lon, _lat in arcs[index] if lon > 0)
        west = sum(len(arcs[index]) for index in indexes) - east
        for index in indexes:
            if east >= west:
                arcs[index] = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in arcs[index]]
            else:
                arcs[index] = [(lon - 360 if lon > 0 else lon, lat) for lon, lat in arcs[index]]
    return arcs


def projected_countries(topology, frame, tolerance):
    """[(alpha2 or None, name, rings in viewBox units)], each arc simplified once."""
    arcs = [
        simplify([frame.project(lon, lat) for lon, lat in arc], tolerance)
        for arc in unwrap_antimeridian(topology, decode_arcs(topology))
    ]
    shapes = []
    for feature in topology["objects"]["countries"]["geometries"]:
        rings = [_join(ring, arcs) for ring in _rings(feature)]
        shapes.append((alpha2(feature), feature["properties"].get("name", ""), rings))
    return shapes


def build(topology, extra_topology=None, *, width=WIDTH, tolerance=TOLERANCE, min_ring_area=MIN_RING_AREA):
    frame = Frame(width, NORTH, SOUTH)
    shaped, land, dots = {}, [], {}
    for code, _name, rings in projected_countries(topology, frame, tolerance):
        if code in LEFT_OUT:
            continue
        rounded = [ring for ring in (_round(ring) for ring in rings) if len(ring) >= 3]
        if not rounded:
            continue
        largest = max(rounded, key=ring_area)
        kept = [ring for ring in rounded if ring is largest or ring_area(ring) >= min_ring_area]
        if code is None:
            # No ISO 3166-1 code in the source (e.g. Kosovo, N. Cyprus, Somaliland): plain land, never shaded.
            land.append(path_data(kept))
            continue
        shaped[code] = path_data(kept)
        if sum(ring_area(ring) for ring in rounded) < DOT_AREA:
            dots[code] = [round(c) for c in ring_centroid(largest)]
    if extra_topology is not None:
        for code, _name, rings in projected_countries(extra_topology, frame, 0):
            if code is None or code in shaped or code in LEFT_OUT or not rings:
                continue
            largest = max(rings, key=ring_area)
            x, y = ring_centroid(largest)
            if 0 <= x <= frame.width and 0 <= y <= frame.height:
                dots[code] = [round(x), round(y)]
    for code, (lon, lat) in FOLDED_IN.items():
        if code not in shaped and code not in dots:
            dots[code] = [round(c) for c in frame.project(lon, lat)]
    return {
        "source": f"Natural Earth 1:110m admin 0 countries (v4.1.0) via the npm package {PACKAGE} {PACKAGE_VERSION}",
        "licence": "Natural Earth: public domain; world-atlas: ISC",
        "projection": "Equal Earth",
        "width": frame.width,
        "height": frame.height,
        "north": NORTH,
        "south": SOUTH,
        "countries": dict(sorted(shaped.items())),
        "land": land,
        "dots": dict(sorted(dots.items())),
    }


def build_from_folder(folder, **options):
    folder = Path(folder)
    topology = json.loads((folder / DETAIL).read_text())
    extra = folder / EXTRA_DETAIL
    extra_topology = json.loads(extra.read_text()) if extra.exists() else None
    return build(topology, extra_topology, **options)


def build_from_npm(**options):
    with tempfile.TemporaryDirectory(prefix="world-atlas-") as tmp:
        return build_from_folder(fetch_package(tmp), **options)


def dumps(data):
    """Compact JSON, one country a line so a rebuild's diff stays readable."""
    lines = ["{"]
    head = {key: value for key, value in data.items() if key not in {"countries", "land", "dots"}}
    for key, value in head.items():
        lines.append(f"{json.dumps(key)}:{json.dumps(value, ensure_ascii=False)},")
    lines.append('"countries":{')
    items = list(data["countries"].items())
    for i, (code, d) in enumerate(items):
        lines.append(f"{json.dumps(code)}:{json.dumps(d)}{',' if i < len(items) - 1 else ''}")
    lines.append("},")
    lines.append(f'"land":{json.dumps(data["land"], separators=(",", ":"))},')
    lines.append(f'"dots":{json.dumps(data["dots"], separators=(",", ":"))}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def sprite(data):
    """The static SVG the maps draw their shapes from: `<path id="XX">` per country, all in `<g id="world">`.

    The paths carry no colour: a `<use>` of one inherits the fill and stroke of the page's map, so the
    page colours it (and its hover and focus styles still apply). Only `vector-effect` is set here,
    since it is not inherited and keeps borders one pixel wide at any size. The root's colours only
    matter when the file is opened on its own; a `<use>` does not inherit from them.
    """
    stroke = 'vector-effect="non-scaling-stroke"'
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {data["width"]} {data["height"]}" '
        f'fill="{palette.LAND}" stroke="{palette.LAND_EDGE}" stroke-width=".5" fill-rule="evenodd">',
        f"<!-- {data['source']}; {data['licence']}. Built by manage.py build_world_shapes. -->",
        f'<g id="{SPRITE_WORLD}">',
    ]
    lines.extend(f'<path id="{code}" {stroke} d="{d}"/>' for code, d in data["countries"].items())
    lines.extend(f'<path {stroke} d="{d}"/>' for d in data["land"])
    lines.extend(["</g>", "</svg>"])
    return "\n".join(lines) + "\n"
