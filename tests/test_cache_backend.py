"""core/cache.py: Django's Redis cache, sharing one Redis client per connection pool."""

import os

import pytest
from django.core.cache import CacheHandler

REDIS_URL = os.environ.get("CACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


@pytest.fixture
def redis_cache():
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis does not answer at {REDIS_URL}; .ci/run starts it")
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    cache = CacheHandler(
        {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "core-cache-test"}}
    )["default"]
    yield cache
    cache.clear()


def test_values_written_are_read_back_expire_and_are_deleted(redis_cache):
    redis_cache.set("answer", {"members": 42, "clusters": ["transport"]}, timeout=30)
    redis_cache.set_many({"a": 1, "b": 2})

    assert redis_cache.get("answer") == {"members": 42, "clusters": ["transport"]}
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
    assert redis_cache.incr("a") == 2
    redis_cache.delete("answer")
    assert redis_cache.get("answer") is None
    redis_cache.set("brief", 1, timeout=-1)  # already expired
    assert redis_cache.get("brief", "gone") == "gone"


def test_every_operation_shares_one_client(redis_cache):
    backend = redis_cache._cache
    first = backend.get_client()

    redis_cache.set("k", 1)
    redis_cache.get("k")

    assert backend.get_client() is first
    assert backend.get_client(write=True) is first  # one server: reads and writes share its pool
