"""Django's Redis cache backend, with one Redis client per connection pool instead of one per call.

Django's `RedisCacheClient.get_client()` builds a new `redis.Redis` for every cache operation, and
a client's constructor fills a table of about 170 response callbacks: 0.75 of the 0.95 million
instructions a `cache.get()` cost. A client is only a pool and that table, and is safe to share
between threads (the pool hands out connections), so each pool keeps one. The pools themselves
are Django's, made per process on first use, as before.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # pool index -> redis.Redis

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
