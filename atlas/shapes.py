"""The bundled world map: simplified country outlines in the map's own coordinates.

Built by `manage.py build_world_shapes` (see atlas/build.py) and read once per process.
"""

import functools
import json
from pathlib import Path

from .projection import Frame

DATA_FILE = Path(__file__).resolve().parent / "data" / "world.json"


@functools.cache
def world():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["frame"] = Frame(data["width"], data["north"], data["south"])
    data["version"] = str(DATA_FILE.stat().st_size)
    return data
