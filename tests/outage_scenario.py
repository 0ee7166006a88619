"""Run by tests/test_database_outage.py in its own process: the portal loses its database and gets it back.

`python -m tests.outage_scenario` with DATABASE_URL set. It builds its own database (a test
database next to the configured one), signs a staff user in, then makes the database unreachable
the way an outage does — the connection is closed and every new one is refused (PostgreSQL: a port
nobody listens on; SQLite: a file that cannot be opened) — and asks for pages, JSON, the admin and a
form post. Then the database comes back and the same requests are asked again, with no restart.
Prints one JSON object: what each request got.
"""

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cities_portal.settings.test")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

REQUESTS = [
    ("home", "get", "/", {}, {}),
    ("members", "get", "/members/", {}, {}),
    ("members_json", "get", "/members/", {}, {"accept": "application/json"}),
    ("healthz", "get", "/healthz", {}, {}),
    ("admin", "get", "/admin/", {}, {}),
    ("admin_post", "post", "/admin/news/category/add/", {"name_en": "Outage", "slug": "outage", "order": "0"}, {}),
]


def ask(visitor, staff, phase):
    results = {}
    for name, method, url, data, headers in REQUESTS:
        client = staff if name.startswith("admin") else visitor
        data = {key: f"{value}-{phase}" if key in {"name_en", "slug"} else value for key, value in data.items()}
        response = getattr(client, method)(url, data, headers=headers)
        results[name] = {
            "status": response.status_code,
            "retry_after": response.get("Retry-After"),
            "content_type": response.get("Content-Type"),
            "csp": bool(response.get("Content-Security-Policy")),
            "body": response.content.decode(errors="replace")[:3000],
        }
    return results


def main():
    setup_test_environment()
    settings_dict = connection.settings_dict
    settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        settings_dict["TEST"]["NAME"] = os.environ["OUTAGE_SQLITE_FILE"]
    else:
        settings_dict["TEST"]["NAME"] = f"{settings_dict['NAME']}_outage_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        user = get_user_model().objects.create_user("outage-editor", password="x", is_staff=True, is_superuser=False)
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get(name="Editors"))
        visitor = Client(raise_request_exception=False)
        staff = Client(raise_request_exception=False)
        staff.force_login(user)

        report = {"before": ask(visitor, staff, "before")}

        saved = dict(settings_dict)
        connection.close()
        if connection.vendor == "sqlite":
            settings_dict["NAME"] = "/nonexistent-directory/portal.sqlite3"
        else:
            settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", "9"
        report["during"] = ask(visitor, staff, "during")

        connection.close()
        settings_dict.update(saved)
        report["after"] = ask(visitor, staff, "after")
        from news.models import Category

        report["saved"] = sorted(Category.objects.values_list("slug", flat=True))
        print(json.dumps(report))
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
