"""The distributed crawl's shared queue against a real redis-server: FIFO per host, the
hosts in turn, one count of waiting requests for every worker, keys that expire."""

from __future__ import annotations

from typing import Any

import redis
import scrapy
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from stiwatch.crawler.distributed import crawl_keys
from stiwatch.crawler.hostqueue import HostRoundRobinQueue, pending, queue_keys

TTL = 600


def _queue(url: str, key: str) -> HostRoundRobinQueue:
    crawler = get_crawler(scrapy.Spider, {"STIWATCH_REDIS_TTL": TTL})
    spider = scrapy.Spider.from_crawler(crawler, name="stiwatch")
    return HostRoundRobinQueue(redis.Redis.from_url(url), spider, key)


def _urls(queue: HostRoundRobinQueue) -> list[str]:
    out = []
    while (request := queue.pop()) is not None:
        out.append(request.url)
    return out


def _runs(spec: dict[str, int]) -> list[Request]:
    """Requests in runs of one host, as a discovery page yields its links."""
    return [Request(f"https://{host}/a/{i}") for host, n in spec.items() for i in range(n)]


def test_hosts_take_turns_and_each_host_keeps_its_order(redis_url: str) -> None:
    queue = _queue(redis_url, crawl_keys("t1")["requests"])
    for request in _runs({"a.test": 3, "b.test": 3, "c.test": 1}):
        queue.push(request)
    assert len(queue) == 7
    assert _urls(queue) == [
        "https://a.test/a/0",
        "https://b.test/a/0",
        "https://c.test/a/0",
        "https://a.test/a/1",
        "https://b.test/a/1",
        "https://a.test/a/2",
        "https://b.test/a/2",
    ]
    assert len(queue) == 0 and queue.pop() is None
    # Nothing left behind: no host list, an empty rotation.
    client = redis.Redis.from_url(redis_url)
    assert client.keys(queue_keys(queue.key)["host_prefix"] + "*") == []
    assert client.llen(queue_keys(queue.key)["rotation"]) == 0


def test_a_host_that_empties_rejoins_the_rotation_at_the_end(redis_url: str) -> None:
    queue = _queue(redis_url, crawl_keys("t2")["requests"])
    for request in _runs({"a.test": 1, "b.test": 2}):
        queue.push(request)
    assert queue.pop().url == "https://a.test/a/0"  # a.test leaves the rotation
    queue.push(Request("https://a.test/late"))
    # Behind b.test, which was waiting; then the two take turns again.
    assert _urls(queue) == ["https://b.test/a/0", "https://a.test/late", "https://b.test/a/1"]


def test_workers_share_one_rotation_and_take_every_request_once(redis_url: str) -> None:
    key = crawl_keys("t3")["requests"]
    first, second = _queue(redis_url, key), _queue(redis_url, key)
    requests = _runs({"a.test": 4, "b.test": 4, "c.test": 4})
    for i, request in enumerate(requests):
        (first if i % 2 else second).push(request)
    assert len(first) == len(second) == pending(first.server, key) == 12
    taken: list[str] = []
    while True:
        got = [q.pop() for q in (first, second)]
        taken += [r.url for r in got if r is not None]
        if got == [None, None]:
            break
    assert sorted(taken) == sorted(r.url for r in requests)
    # The two workers together still took the hosts in turn.
    assert [urlhost(u) for u in taken[:6]] == ["a.test", "b.test", "c.test"] * 2


def urlhost(url: str) -> str:
    return url.split("/")[2]


def test_the_download_slot_decides_the_host(redis_url: str) -> None:
    queue = _queue(redis_url, crawl_keys("t4")["requests"])
    for i in range(2):
        queue.push(Request(f"https://x.test/{i}", meta={"download_slot": "shared"}))
        queue.push(Request(f"https://y.test/{i}", meta={"download_slot": "shared"}))
    queue.push(Request("https://z.test/0"))
    # x and y share one slot (one FIFO), z has its own: z comes second, not last.
    assert _urls(queue) == [
        "https://x.test/0",
        "https://z.test/0",
        "https://y.test/0",
        "https://x.test/1",
        "https://y.test/1",
    ]


def test_requests_keep_their_callback_and_meta(redis_url: str) -> None:
    class Spider(scrapy.Spider):
        name = "stiwatch"

        def parse_article(self, response: Any) -> None:
            pass

    crawler = get_crawler(Spider, {"STIWATCH_REDIS_TTL": TTL})
    spider = Spider.from_crawler(crawler)
    queue = HostRoundRobinQueue(redis.Redis.from_url(redis_url), spider, crawl_keys("t5")["requests"])
    queue.push(
        Request("https://a.test/1", callback=spider.parse_article, meta={"source": "s", "kind": "article"})
    )
    request = queue.pop()
    assert request.callback == spider.parse_article
    assert request.meta["source"] == "s" and request.meta["kind"] == "article"


def test_an_expired_host_list_is_skipped_and_not_counted(redis_url: str) -> None:
    queue = _queue(redis_url, crawl_keys("t7")["requests"])
    for request in _runs({"a.test": 2, "b.test": 1}):
        queue.push(request)
    queue.server.delete(queue_keys(queue.key)["host_prefix"] + "a.test")  # as if expired
    assert len(queue) == 1
    assert _urls(queue) == ["https://b.test/a/0"]
    assert len(queue) == 0


def test_the_keys_expire(redis_url: str) -> None:
    queue = _queue(redis_url, crawl_keys("t6")["requests"])
    for request in _runs({"a.test": 2}):
        queue.push(request)
    client = redis.Redis.from_url(redis_url)
    keys = queue_keys(queue.key)
    for key in (keys["host_prefix"] + "a.test", keys["rotation"]):
        assert 0 < client.ttl(key) <= TTL, key
    queue.clear()
    assert len(queue) == 0 and queue.pop() is None
