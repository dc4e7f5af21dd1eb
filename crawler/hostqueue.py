"""The shared request queue of a distributed crawl, taken round-robin over hosts.

A discovery page (a feed, a sitemap, a listing) yields all of its article links at once,
so a plain FIFO queue holds them in runs of one host: a worker that takes its next
``CONCURRENT_REQUESTS`` requests takes them from one or two hosts, and the per-host
politeness limit (``CONCURRENT_REQUESTS_PER_DOMAIN``) then lets only two of them go out
while the others wait in that host's download slot. One worker crawling 20 hosts thus
fetched from about one host at a time, and slowed down as the crawl grew (longer runs
per host); a second worker doubled the hosts in flight, which flattered its speed-up.

:class:`HostRoundRobinQueue` keeps one FIFO list per host (per download slot) and a
rotation of the hosts that have requests waiting; each pop takes the next host of the
rotation, the oldest request of that host, and puts the host back at the end of the
rotation if it still has requests. Requests of one host keep their order; the hosts
take turns, across every worker of the crawl. Each push and pop is one Lua script, so
the rotation names exactly the hosts with waiting requests, whatever the number of
workers; the requests waiting (``len``) are counted over the hosts of the rotation.

The keys (a list per host, the rotation) share the queue key as prefix and expire ``STIWATCH_REDIS_TTL`` seconds after their last push, like the duplicate filter.
The pop script reads host list names from the rotation: a single Redis server, not a
Redis Cluster (whose scripts must declare every key they touch).
"""

from __future__ import annotations

from typing import Any

from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis.queue import Base  # type: ignore[import-untyped]

_PUSH = """
local waiting = redis.call('RPUSH', KEYS[1], ARGV[1])
if waiting == 1 then redis.call('RPUSH', KEYS[2], KEYS[1]) end
for i = 1, 2 do redis.call('EXPIRE', KEYS[i], ARGV[2]) end
return waiting
"""

# A host list gone from under the rotation (expired) is skipped, never waited on.
_POP = """
local host = redis.call('LPOP', KEYS[1])
while host do
  local data = redis.call('LPOP', host)
  if data then
    if redis.call('LLEN', host) > 0 then redis.call('RPUSH', KEYS[1], host) end
    return data
  end
  host = redis.call('LPOP', KEYS[1])
end
return false
"""


# Counted, not kept in a counter: a host list that expired cannot leave a count behind
# that would keep the workers waiting for requests that are gone.
_PENDING = """
local total = 0
for _, host in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  total = total + redis.call('LLEN', host)
end
return total
"""


def queue_keys(key: str) -> dict[str, str]:
    """The Redis keys of the queue whose key is ``key`` (host lists are ``<key>:host:<slot>``)."""
    return {"rotation": f"{key}:hosts", "host_prefix": f"{key}:host:"}


def pending(server: Any, key: str) -> int:
    """Requests waiting in the queue ``key``, for every worker together (one script: the
    lists of the hosts in the rotation, as they are at one instant)."""
    return int(server.eval(_PENDING, 1, queue_keys(key)["rotation"]))


def download_slot(request: Any) -> str:
    """The host (download slot) Scrapy's downloader limits the request under."""
    slot = request.meta.get("download_slot")
    return str(slot) if slot else (urlparse_cached(request).hostname or "")


class HostRoundRobinQueue(Base):  # type: ignore[misc]
    """scrapy-redis queue (``SCHEDULER_QUEUE_CLASS``): FIFO per host, hosts in turn."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.keys = queue_keys(self.key)
        self.ttl = int(spider.settings.getint("STIWATCH_REDIS_TTL", 86400))
        self._push = server.register_script(_PUSH)
        self._pop = server.register_script(_POP)

    def __len__(self) -> int:
        return pending(self.server, self.key)

    def push(self, request: Any) -> None:
        host_list = self.keys["host_prefix"] + download_slot(request)
        self._push(keys=[host_list, self.keys["rotation"]], args=[self._encode_request(request), self.ttl])

    def pop(self, timeout: int = 0) -> Any:
        # Never blocks: the scheduler polls again (``timeout`` is scrapy-redis's
        # SCHEDULER_IDLE_BEFORE_CLOSE, which stiwatch leaves at 0).
        data = self._pop(keys=[self.keys["rotation"]])
        return self._decode_request(data) if data else None

    def clear(self) -> None:
        hosts = self.server.lrange(self.keys["rotation"], 0, -1)
        self.server.delete(self.keys["rotation"], *hosts)
