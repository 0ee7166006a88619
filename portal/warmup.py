"""Get a new application process ready before it takes its first request (gunicorn.conf.py).

A new worker imports the project lazily: its first requests compile the templates, load seven
languages' message catalogues, build each language's URL patterns, read the world map's shapes
and import the Redis client, which held them for 0.5–0.8 s (bench/throughput.py saw them as the
p99 of the pages a run measured first). `warm_up()` does all of that at start, touching neither
the database nor the cache, so a worker recycled by max_requests is as quick as the others from
its first request.

Then `gc.freeze()` moves the ~170,000 objects that live as long as the process (modules, compiled
templates, catalogues) out of the garbage collector's sight. A full collection scanned them every
few hundred requests and took 80 ms, a pause felt by the request in flight and by those queued
behind it; with them frozen it takes well under a millisecond (docs/performance.md).
"""

import gc
import logging
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.template import TemplateSyntaxError
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def template_names():
    """The names of the portal's own templates, as get_template() takes them: the project's
    templates folder and those of its own apps (the installed apps at the repository's top level),
    leaving out the admin's, which only staff see."""
    roots = [Path(directory) for directory in settings.TEMPLATES[0]["DIRS"]]
    roots += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    ]
    names = set()
    for root in roots:
        if root.is_dir():
            names.update(path.relative_to(root).as_posix() for path in root.rglob("*.html"))
    return sorted(name for name in names if not name.startswith("admin/"))


def warm_up():
    """Compile the portal's templates, load every language's catalogue and URL patterns, read the
    map's shapes. Returns the number of templates compiled."""
    started = time.monotonic()
    compiled = 0
    for name in template_names():
        try:
            get_template(name)
            compiled += 1
        except TemplateSyntaxError:  # a broken template must fail its page, not the worker's start
            logger.exception("warm-up: template %s does not compile", name)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Members")  # loads the catalogue
            reverse("home")  # builds this language's URL patterns
    from atlas.shapes import world

    world()
    # The database and cache clients' libraries are imported on first use (redis: 0.18 s); neither
    # connects here.
    connections[DEFAULT_DB_ALIAS].ops  # noqa: B018
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        import redis  # noqa: F401
    logger.info("warm-up: %d templates compiled in %.2f s", compiled, time.monotonic() - started)
    return compiled


def freeze():
    """Leave what exists now to the end of the process: collect garbage first, then freeze."""
    gc.collect()
    gc.freeze()
