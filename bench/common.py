"""What the benchmark scripts share: progress on stderr, and a PostgreSQL database of their own."""

import sys
from urllib.parse import urlsplit, urlunsplit


def log(message):
    print(message, file=sys.stderr, flush=True)


def ensure_database(url):
    """Create the database `url` names, if PostgreSQL does not have it yet."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
