"""`manage.py check --deploy` is clean in production mode, warnings included."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "Qm7rT2vX9pL4sK8wZ1nB6yH3cF5jD0gA-eU_iO7tR2qW9xV4mN8bC1zL6kJ3hG5f"


def deploy_check(**env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "cities_portal.settings.production",
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "cities.example.org",
            "EMAIL_HOST": "smtp.example.org",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_is_clean_in_production():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_catches_a_production_site_without_a_mail_server():
    # A production site must send its mail somewhere: without EMAIL_HOST the check fails loudly.
    result = deploy_check(EMAIL_HOST="")
    assert result.returncode != 0
    assert "development-only email backend" in result.stderr


def test_the_gunicorn_configuration_recycles_workers_and_outlasts_the_statement_timeout():
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert 2 <= config["workers"] <= 12
    assert config["max_requests"] > 0
    assert config["max_requests_jitter"] > 0
    assert config["timeout"] * 1000 > int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "10000"))
    assert config["graceful_timeout"] > 0
