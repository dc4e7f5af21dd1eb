"""EmbeddedBackend against a real SQLite store and tantivy index in tmp_path."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from stiwatch.search.backend import FACET_FIELDS, BackendUnavailable, SearchQuery, SearchResult
from stiwatch.search.embedded import EmbeddedBackend
from stiwatch.search.embedded.version import VERSION_FILE


def record(article_id: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": article_id,
        "url": f"https://example.org/{article_id}",
        "source": "nstda",
        "title": "",
        "text": "",
        "language": "en",
        "published": None,
        "published_from": None,
        "countries": [],
        "agencies": [],
        "themes": [],
        "source_url": None,
        "translations": {},
        "fetched_at": "2025-01-01T00:00:00+00:00",
        "errors": [],
        "tag_evidence": {},
        "metadata": {},
        "content_hash": f"hash-{article_id}",
        "story_id": "",
    }
    base.update(fields)
    return base


CORPUS = [
    record(
        "th-poverty",
        source="pmua",
        language="th",
        title="กระทรวง อว. โดย บพท. สานพลังภาคีร่วมมือไทย-จีน ขับเคลื่อนการขจัดความยากจน",
        text="เมื่อวันที่ 20-21 ก.ย. 2566 หน่วย บพท. ร่วมประชุมคณะกรรมการความร่วมมือด้านวิทยาศาสตร์"
        " และเทคโนโลยีไทย-จีน เพื่อแลกเปลี่ยนองค์ความรู้การพัฒนาชนบท",
        published="2023-09-21T00:00:00+07:00",
        countries=["TH", "CN"],
        agencies=["MHESI", "PMU-A"],
        themes=["poverty-eradication"],
        translations={"en": {"title": "Thai-Chinese cooperation against poverty", "text": ""}},
    ),
    record(
        "th-talent",
        source="pmub",
        language="th",
        title="บพค. เสนอแผนและความก้าวหน้าของ ASEAN Talent Mobility ต่อการประชุม SCIRD-59",
        text="วันที่ 17 ตุลาคม 2566 บพค. นำเสนอแผนความก้าวหน้าโครงการ ณ ประเทศฟิลิปปินส์",
        published="2023-10-17T00:00:00+07:00",
        countries=["TH", "PH"],
        agencies=["PMU-B", "COSTI"],
        themes=["talent-mobility"],
    ),
    record(
        "vi-innovation",
        source="most-vn",
        language="vi",
        title="Đổi mới sáng tạo: khoa học công nghệ là động lực",
        text="Bộ Khoa học và Công nghệ hòa nhập hệ sinh thái đổi mới sáng tạo quốc tế.",
        published="2025-07-16T09:35:04+07:00",
        countries=["VN"],
        agencies=["MOST-VN"],
        themes=["policy-innovation", "startups-innovation"],
    ),
    record(
        "vi-scattered",
        source="most-vn",
        language="vi",
        title="Hợp tác quốc tế",
        text="Khoa nghiên cứu ứng dụng và học tập kinh nghiệm hợp tác với Nhật Bản.",
        published="2025-07-10T08:00:00+07:00",
        countries=["VN", "JP"],
        agencies=["MOST-VN", "JICA"],
        themes=["technology-transfer"],
    ),
    record(
        "en-chips",
        source="nxpo",
        language="en",
        title="Thailand drafts semiconductor policies with Japan",
        text="The roadmap covers chips design, packaging and talent. Semiconductors are a "
        "priority for the Board of Investment.",
        published="2024-01-01T01:00:00+07:00",
        countries=["TH", "JP"],
        agencies=["BOI", "NXPO"],
        themes=["semiconductors", "talent-mobility"],
    ),
    record(
        "en-late-utc",
        source="nxpo",
        language="en",
        title="Quantum computing policy forum",
        text="A policy forum on quantum technology for ASEAN members.",
        # Later as an instant than en-chips although its local date is earlier.
        published="2023-12-31T20:00:00+00:00",
        countries=["TH"],
        agencies=["NXPO", "ASEC"],
        themes=["quantum"],
    ),
    record(
        "en-undated",
        source="asean",
        language="en",
        title="About the ASEAN Committee on Science, Technology and Innovation",
        text="COSTI coordinates science and technology cooperation among members.",
        published=None,
        countries=[],
        agencies=["COSTI", "ASEC"],
        themes=[],
    ),
]


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[EmbeddedBackend]:
    b = EmbeddedBackend(tmp_path / "data")
    assert b.upsert(CORPUS) == len(CORPUS)
    b.commit()
    yield b
    b.close()


def ids(result: SearchResult) -> list[str]:
    return [h["id"] for h in result.hits]


def search_ids(b: EmbeddedBackend, **kw: Any) -> list[str]:
    return ids(b.search(SearchQuery(limit=100, **kw)))


def expected_facets(records: list[dict[str, Any]], facet: str) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for r in records:
        if facet == "month":
            values = [r["published"][:7]] if r["published"] else []
        else:
            value = r[FACET_FIELDS[facet]]
            values = value if isinstance(value, list) else [value]
        counts.update(v for v in values if v)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class TestText:
    def test_thai_query_finds_thai_article(self, backend):
        assert search_ids(backend, text="ความยากจน") == ["th-poverty"]
        assert search_ids(backend, text="ความร่วมมือ ไทย จีน") == ["th-poverty"]

    def test_thai_substring_of_a_word_does_not_match(self, backend):
        # "ยาก" (hard) occurs only inside the word ความยากจน (poverty).
        assert search_ids(backend, text="ยาก") == []

    def test_thai_acronym_and_digits(self, backend):
        assert search_ids(backend, text="บพค.") == ["th-talent"]
        assert search_ids(backend, text="๒๕๖๖ ตุลาคม") == ["th-talent"]

    def test_vietnamese_with_and_without_diacritics(self, backend):
        with_marks = search_ids(backend, text="Đổi mới")
        assert with_marks == ["vi-innovation"]
        assert search_ids(backend, text="doi moi") == with_marks
        assert search_ids(backend, text="hoà nhập") == ["vi-innovation"]

    def test_vietnamese_phrase_ranks_first(self, backend):
        # Both documents contain "khoa" and "học"; only one has them side by side.
        assert search_ids(backend, text="khoa học") == ["vi-innovation", "vi-scattered"]
        assert search_ids(backend, text="khoa hoc") == ["vi-innovation", "vi-scattered"]

    def test_english_plural_and_singular(self, backend):
        assert search_ids(backend, text="semiconductor") == ["en-chips"]
        assert search_ids(backend, text="Semiconductors") == ["en-chips"]
        assert set(search_ids(backend, text="policies")) == {"en-chips", "en-late-utc"}

    def test_terms_are_anded(self, backend):
        assert search_ids(backend, text="policy quantum") == ["en-late-utc"]
        assert search_ids(backend, text="policy nonexistentword") == []

    def test_title_match_outranks_body_match(self, backend):
        # "quantum" is in en-late-utc's title; add a record with it only in the body.
        backend.upsert([record("en-body", title="Forum report", text="Notes on quantum and AI.")])
        backend.commit()
        assert search_ids(backend, text="quantum")[0] == "en-late-utc"

    def test_translation_is_searchable(self, backend):
        assert search_ids(backend, text="poverty cooperation") == ["th-poverty"]

    def test_empty_text_matches_all(self, backend):
        result = backend.search(SearchQuery(limit=100))
        assert result.total == len(CORPUS)
        assert sorted(ids(result)) == sorted(r["id"] for r in CORPUS)

    def test_hits_are_full_records(self, backend):
        hit = backend.search(SearchQuery(text="quantum")).hits[0]
        assert hit == next(r for r in CORPUS if r["id"] == "en-late-utc")


class TestFilters:
    @pytest.mark.parametrize(
        ("kw", "field"),
        [
            ({"countries": ("JP",)}, "countries"),
            ({"countries": ("PH", "CN")}, "countries"),
            ({"agencies": ("COSTI",)}, "agencies"),
            ({"agencies": ("MOST-VN", "BOI")}, "agencies"),
            ({"themes": ("talent-mobility",)}, "themes"),
            ({"languages": ("vi",)}, "language"),
            ({"languages": ("th", "vi")}, "language"),
            ({"sources": ("nxpo",)}, "source"),
            ({"sources": ("nxpo", "asean")}, "source"),
        ],
    )
    def test_each_facet_filter_ors_its_values(self, backend, kw, field):
        wanted = set(next(iter(kw.values())))
        expected = {
            r["id"] for r in CORPUS if wanted & set(r[field] if isinstance(r[field], list) else [r[field]])
        }
        assert expected  # the case must select something
        assert set(search_ids(backend, **kw)) == expected

    def test_filters_and_across_facets(self, backend):
        assert set(search_ids(backend, countries=("TH",), themes=("talent-mobility",))) == {
            "th-talent",
            "en-chips",
        }
        assert search_ids(backend, countries=("TH",), languages=("vi",)) == []

    def test_filters_combine_with_text(self, backend):
        assert search_ids(backend, text="ASEAN", languages=("en",), agencies=("NXPO",)) == ["en-late-utc"]

    def test_filters_do_not_change_ranking(self, backend):
        plain = search_ids(backend, text="khoa học")
        filtered = search_ids(backend, text="khoa học", countries=("VN",))
        assert filtered == plain


class TestFacets:
    def test_counts_match_the_matching_records(self, backend):
        facets = ("country", "agency", "theme", "language", "source", "month")
        query = SearchQuery(countries=("TH",), facets=facets)
        result = backend.search(query)
        matching = [r for r in CORPUS if "TH" in r["countries"]]
        assert result.total == len(matching)
        for facet in query.facets:
            assert result.facets[facet] == expected_facets(matching, facet), facet
        # Order: count descending, then value.
        assert next(iter(result.facets["country"])) == "TH"

    def test_default_facets_over_everything(self, backend):
        result = backend.search(SearchQuery(limit=0))
        assert result.hits == []
        assert list(result.facets) == ["country", "agency", "theme", "language", "source"]
        for facet in result.facets:
            assert result.facets[facet] == expected_facets(CORPUS, facet)

    def test_facet_size_truncates_after_ordering(self, backend):
        result = backend.search(SearchQuery(facets=("agency",), facet_size=2))
        full = expected_facets(CORPUS, "agency")
        assert result.facets["agency"] == dict(list(full.items())[:2])

    def test_facets_follow_text_query(self, backend):
        result = backend.search(SearchQuery(text="doi moi", facets=("country", "theme")))
        assert result.facets == {
            "country": {"VN": 1},
            "theme": {"policy-innovation": 1, "startups-innovation": 1},
        }

    def test_no_facets_requested(self, backend):
        assert backend.search(SearchQuery(facets=())).facets == {}


class TestDates:
    def test_range_is_inclusive_on_the_local_date(self, backend):
        # th-talent is 2023-10-17T00:00+07:00, i.e. 2023-10-16 in UTC.
        day = date(2023, 10, 17)
        assert search_ids(backend, since=day, until=day) == ["th-talent"]
        assert "th-talent" not in search_ids(backend, until=date(2023, 10, 16))

    def test_open_ended_ranges_exclude_undated(self, backend):
        since = search_ids(backend, since=date(2025, 1, 1))
        assert set(since) == {"vi-innovation", "vi-scattered"}
        until = search_ids(backend, until=date(2023, 12, 31))
        assert set(until) == {"th-poverty", "th-talent", "en-late-utc"}

    def test_sort_by_date_newest_first_undated_last(self, backend):
        got = search_ids(backend, sort="date")

        def instant(r):
            return datetime.fromisoformat(r["published"])

        dated = sorted((r for r in CORPUS if r["published"]), key=instant, reverse=True)
        assert got == [r["id"] for r in dated] + ["en-undated"]
        # Instants, not local dates: 20:00 UTC on Dec 31 is after 01:00 +07:00 on Jan 1.
        assert got.index("en-late-utc") < got.index("en-chips")

    def test_paging_covers_every_hit_once(self, backend):
        full = search_ids(backend, sort="date")
        pages = []
        for offset in range(0, len(CORPUS), 3):
            result = backend.search(SearchQuery(sort="date", limit=3, offset=offset))
            assert result.total == len(CORPUS)
            pages.extend(ids(result))
        assert pages == full

    def test_paging_relevance(self, backend):
        full = search_ids(backend, text="technology")
        assert len(full) >= 2
        second = backend.search(SearchQuery(text="technology", limit=1, offset=1))
        assert ids(second) == full[1:2]
        assert second.total == len(full)


class TestWrites:
    def test_upsert_is_idempotent_and_replaces(self, backend):
        changed = dict(CORPUS[4], title="Thailand drafts photonics roadmap", text="Photonics.")
        backend.upsert([changed])
        backend.upsert([changed])
        backend.commit()
        assert backend.count() == len(CORPUS)
        assert search_ids(backend, text="photonics") == ["en-chips"]
        assert search_ids(backend, text="semiconductor") == []
        assert backend.search(SearchQuery()).total == len(CORPUS)
        assert backend.get("en-chips")["title"] == "Thailand drafts photonics roadmap"

    def test_same_id_twice_in_one_batch_keeps_the_last(self, backend):
        first = record("dup", title="first version alpha")
        second = record("dup", title="second version beta")
        backend.upsert([first, second])
        backend.commit()
        assert search_ids(backend, text="version") == ["dup"]
        assert search_ids(backend, text="alpha") == []
        assert backend.get("dup")["title"] == "second version beta"

    def test_writes_invisible_until_commit(self, backend):
        backend.upsert([record("new", title="zeppelin")])
        assert search_ids(backend, text="zeppelin") == []
        backend.commit()
        assert search_ids(backend, text="zeppelin") == ["new"]

    def test_delete(self, backend):
        assert backend.delete(["en-chips", "no-such-id"]) == 1
        backend.commit()
        assert backend.get("en-chips") is None
        assert search_ids(backend, text="semiconductor") == []
        assert backend.count() == len(CORPUS) - 1

    def test_record_without_id_rejected(self, backend):
        with pytest.raises(ValueError):
            backend.upsert([record("")])

    def test_bad_published_value_is_undated(self, backend):
        backend.upsert([record("odd-date", title="oddity", published="sometime in 2023")])
        backend.commit()
        assert search_ids(backend, text="oddity") == ["odd-date"]
        assert search_ids(backend, sort="date")[-2:] in (
            ["en-undated", "odd-date"],
            ["odd-date", "en-undated"],
        )


class TestReads:
    def test_get_many_keeps_order_and_skips_unknown(self, backend):
        got = backend.get_many(["vi-scattered", "nope", "th-talent"])
        assert [r["id"] for r in got] == ["vi-scattered", "th-talent"]

    def test_iter_records_returns_everything(self, backend):
        assert sorted(r["id"] for r in backend.iter_records()) == sorted(r["id"] for r in CORPUS)

    def test_stats(self, backend):
        stats = backend.stats()
        assert stats["articles"] == stats["indexed"] == len(CORPUS)
        assert stats["index_bytes"] > 0 and stats["store_bytes"] > 0


QUERIES = [
    SearchQuery(text="khoa học", limit=100),
    SearchQuery(text="ความยากจน", limit=100),
    SearchQuery(sort="date", limit=100, facets=("country", "month")),
    SearchQuery(text="policy", countries=("TH",), limit=100),
]


def snapshot(b: EmbeddedBackend) -> list[dict[str, Any]]:
    return [b.search(q).to_json() for q in QUERIES]


class TestRebuildAndPersistence:
    def test_reindex_gives_the_same_results(self, backend):
        before = snapshot(backend)
        assert backend.reindex() == len(CORPUS)
        assert snapshot(backend) == before
        assert backend.stats()["indexed"] == len(CORPUS)

    def test_persistence_across_close_and_reopen(self, tmp_path):
        b = EmbeddedBackend(tmp_path / "d")
        b.upsert(CORPUS)
        b.commit()
        before = snapshot(b)
        b.close()
        reopened = EmbeddedBackend(tmp_path / "d")
        assert snapshot(reopened) == before
        assert reopened.count() == len(CORPUS)
        reopened.close()

    def test_close_commits_pending_writes(self, tmp_path):
        b = EmbeddedBackend(tmp_path / "d")
        b.upsert(CORPUS[:2])
        b.close()
        with EmbeddedBackend(tmp_path / "d") as again:
            assert again.count() == 2
            assert again.search(SearchQuery()).total == 2

    def test_schema_version_change_rebuilds_from_sqlite(self, tmp_path):
        data = tmp_path / "d"
        with EmbeddedBackend(data) as b:
            b.upsert(CORPUS)
            b.commit()
            before = snapshot(b)
        (data / VERSION_FILE).write_text(json.dumps({"schema": -1, "analysis": -1}))
        with pytest.raises(BackendUnavailable):
            EmbeddedBackend(data, read_only=True)
        with EmbeddedBackend(data) as rebuilt:
            assert snapshot(rebuilt) == before

    def test_lost_index_is_rebuilt(self, tmp_path):
        import shutil

        data = tmp_path / "d"
        with EmbeddedBackend(data) as b:
            b.upsert(CORPUS)
        shutil.rmtree(data / "index")
        with EmbeddedBackend(data) as rebuilt:
            assert rebuilt.search(SearchQuery(text="doi moi")).total == 1


class TestConcurrency:
    def test_searching_does_not_take_the_writer_lock(self, tmp_path):
        data = tmp_path / "d"
        writer = EmbeddedBackend(data)
        writer.upsert(CORPUS)
        writer.commit()  # the writer lock stays held by this instance
        reader = EmbeddedBackend(data)
        assert reader.search(SearchQuery(text="quantum")).total == 1
        # A second writer is refused loudly, not silently ignored.
        with pytest.raises(BackendUnavailable):
            reader.upsert([record("x", title="x")])
        reader.close()
        writer.close()

    def test_reader_sees_commits_of_another_instance_at_once(self, tmp_path):
        data = tmp_path / "d"
        writer = EmbeddedBackend(data)
        reader = EmbeddedBackend(data, read_only=True)
        assert reader.search(SearchQuery()).total == 0
        writer.upsert(CORPUS)
        assert reader.count() == 0  # nothing visible before commit
        writer.commit()
        assert reader.count() == len(CORPUS)
        assert reader.search(SearchQuery(text="doi moi")).total == 1
        reader.close()
        writer.close()

    def test_search_process_runs_while_another_process_holds_the_writer(self, tmp_path):
        import subprocess
        import sys

        data = tmp_path / "d"
        writer = EmbeddedBackend(data)
        writer.upsert(CORPUS)
        writer.commit()  # the writer (and its lock file) stays open
        script = (
            "import sys; from pathlib import Path\n"
            "from stiwatch.search.backend import SearchQuery\n"
            "from stiwatch.search.embedded import EmbeddedBackend\n"
            "b = EmbeddedBackend(Path(sys.argv[1]))\n"
            "print(b.search(SearchQuery(text='ความยากจน')).total)\n"
            "b.close()\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script, str(data)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=Path(__file__).resolve().parents[1],
        )
        writer.close()
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "1"
