"""portal/warmup.py: a new worker compiles the templates and loads what it needs before its first
request, then freezes what lives as long as it (gunicorn.conf.py's post_worker_init)."""

import gc
import runpy
from pathlib import Path

import pytest
from django.template import engines

from portal import warmup

ROOT = Path(__file__).resolve().parent.parent


def compiled_templates():
    """The names the cached template loader holds compiled."""
    loader = engines["django"].engine.template_loaders[0]
    return {key.split("-")[0] if "-" in key else key for key in loader.get_template_cache}


def test_every_portal_template_is_found_and_compiles():
    names = warmup.template_names()

    assert {"base.html", "members/member_list.html", "includes/member_card.html", "atlas/members_map.html"} <= set(
        names
    )
    assert not [name for name in names if name.startswith("admin/")]
    assert warmup.warm_up() == len(names)


@pytest.mark.django_db
def test_warming_up_reads_no_database(django_assert_num_queries, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"]}}]  # a new engine
    with django_assert_num_queries(0):
        warmup.warm_up()
    assert "members/member_list.html" in compiled_templates()


def test_the_gunicorn_hook_warms_up_and_freezes():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    try:
        config["post_worker_init"](None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_a_worker_that_cannot_warm_up_still_starts(monkeypatch):
    class Log:
        def __init__(self):
            self.errors = []

        def exception(self, message):
            self.errors.append(message)

    class Worker:
        log = Log()

    def broken():
        raise RuntimeError("no templates here")

    monkeypatch.setattr(warmup, "warm_up", broken)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    try:
        config["post_worker_init"](Worker())
        assert Worker.log.errors == ["warm-up failed"]
    finally:
        gc.unfreeze()
