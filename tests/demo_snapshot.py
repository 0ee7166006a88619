"""The demo data for tests that read it: `manage.py load_demo` runs once per test database, later
tests get a copy of what it wrote.

load_demo draws placeholder images and imagekit resizes each into its variants, which costs
seconds per call; the browser tests alone need the demo data about a hundred times. The first call
in a worker runs the real command and keeps every row it created (serialized, with the models
whose tables it filled); the image files stay in the worker's MEDIA_ROOT, which outlives each
test. Later calls on an empty database load that copy with `loaddata`, which also resets the
PostgreSQL sequences; the pages it gives are the same, but for timestamps kept to
the millisecond. A database that already holds some of those rows gets the real command.

Tests whose subject is load_demo itself (tests/test_load_demo.py, the page cache's invalidation)
call the command, not this.
"""

import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection

_snapshots = {}  # (database, MEDIA_ROOT) -> (models, fixture path)
_folder = Path(tempfile.mkdtemp(prefix="ssc-demo-snapshot-"))


def _counts():
    return {model: model._base_manager.count() for model in apps.get_models() if model._meta.managed}


def load_demo():
    """The demo data, as `call_command("load_demo")` leaves it."""
    key = (connection.vendor, connection.settings_dict["NAME"], str(settings.MEDIA_ROOT))
    snapshot = _snapshots.get(key)
    if snapshot:
        models, fixture = snapshot
        if not any(model._base_manager.exists() for model in models):
            call_command("loaddata", str(fixture), verbosity=0)
            return
    before = _counts()
    call_command("load_demo", verbosity=0)
    models = [model for model, count in _counts().items() if count > before[model]]
    if snapshot or any(before[model] for model in models):
        return  # the database held some of this already: nothing to keep
    fixture = _folder / f"demo-{len(_snapshots)}.json"
    with fixture.open("w") as stream:
        serializers.serialize(
            "json",
            (obj for model in models for obj in model._base_manager.order_by("pk")),
            stream=stream,
            use_natural_foreign_keys=True,
        )
    _snapshots[key] = (models, fixture)
