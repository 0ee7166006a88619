"""gunicorn settings for `make serve` and production. Every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# 2 × cores + 1, capped so a big machine does not open more database connections than PostgreSQL allows.
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 12)))
worker_class = "sync"
# Longer than PostgreSQL's statement_timeout (10 s), so a slow query fails as a 503 before the worker is killed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, at different times, so a slow leak never takes all of them down together.
# Not too often: a new worker imports the project and compiles its templates on its first requests,
# which holds those requests for 0.5–1.3 s. With the page cache serving 2,000+ requests a second, a
# limit of 2,000 recycled each worker every few seconds and put those waits into the p99 of half
# the pages (bench, 100k members, cache warm). A worker's memory does not grow between its 5,000th
# and 10,000th request (docs/performance.md), so 20,000 loses nothing.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Compile templates and load catalogues before the first request, then freeze what lives as
    long as the worker, so full garbage collections stop scanning it (portal/warmup.py)."""
    from portal import warmup

    try:
        warmup.warm_up()
    except Exception:  # a worker that cannot warm up still serves: it warms up as it goes
        worker.log.exception("warm-up failed")
    warmup.freeze()
