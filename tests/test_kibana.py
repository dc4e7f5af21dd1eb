"""Kibana saved objects, checked without Kibana: they parse, ids are stable, references
resolve, and every field they use exists (and is aggregatable where Kibana aggregates
it) according to ``_field_caps`` on an index built from the replay crawl. The real
import runs only when ``KIBANA_URL`` names a Kibana to import into."""

from __future__ import annotations

import email.parser
import email.policy
import http.server
import json
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from stiwatch.deliver.kibana.objects import NDJSON_FILE, build_objects, themes, to_ndjson
from stiwatch.search.elasticsearch import ElasticsearchBackend, ElasticsearchSettings
from stiwatch.search.elasticsearch.mappings import IndexNames
from stiwatch.search.embedded import EmbeddedBackend
from tests.conftest import run_cli
from tests.noida import NoidaServer, free_port

REQUIRED = ("id", "type", "attributes", "references", "coreMigrationVersion", "typeMigrationVersion")
JSON_STRINGS = {
    "index-pattern": (
        "fieldFormatMap",
        "fieldAttrs",
        "fields",
        "runtimeFieldMap",
        "sourceFilters",
        "typeMeta",
    ),
    "dashboard": ("panelsJSON", "optionsJSON"),
}


def _objects() -> list[dict[str, Any]]:
    lines = NDJSON_FILE.read_text(encoding="utf-8").splitlines()
    assert lines, "deliver/kibana/stiwatch.ndjson is empty"
    return [json.loads(line) for line in lines]


def _by_type(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["type"] == kind]


# -- structure --------------------------------------------------------------------------------


def test_every_line_parses_with_the_required_keys() -> None:
    for obj in _objects():
        for key in REQUIRED:
            assert key in obj, (obj.get("id"), key)
        for name in JSON_STRINGS.get(obj["type"], ()):
            json.loads(obj["attributes"][name])
        meta = obj["attributes"].get("kibanaSavedObjectMeta")
        if meta:
            json.loads(meta["searchSourceJSON"])


def test_committed_file_is_what_the_code_generates() -> None:
    assert NDJSON_FILE.read_text(encoding="utf-8") == to_ndjson(build_objects())
    proc = run_cli(["kibana", "generate", "--check"], NDJSON_FILE.parent / "unused-data")
    assert proc.returncode == 0, proc.stderr


def test_ids_are_unique_and_stable() -> None:
    first, second = build_objects(), build_objects()
    ids = [o["id"] for o in first]
    assert len(ids) == len(set(ids))
    assert ids == [o["id"] for o in second]
    # Another index prefix is another data view, but the same searches and dashboard.
    other = build_objects(IndexNames("other"))
    assert other[0]["id"] != first[0]["id"]
    assert [o["id"] for o in other[1:]] == ids[1:]


def test_references_resolve() -> None:
    objects = _objects()
    known = {(o["type"], o["id"]) for o in objects}
    for obj in objects:
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in known, (obj["id"], ref)


def test_one_saved_search_per_theme() -> None:
    searches = _by_type(_objects(), "search")
    queries = {
        json.loads(s["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])["query"]["query"]
        for s in searches
    }
    for theme_id, _ in themes():
        assert f'themes : "{theme_id}"' in queries


def test_lens_layers_and_dashboard_panels_are_wired() -> None:
    objects = _objects()
    lenses = _by_type(objects, "lens")
    assert {lens["attributes"]["visualizationType"] for lens in lenses} == {"lnsXY", "lnsHeatmap", "lnsPie"}
    for lens in lenses:
        layers = lens["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]
        names = {r["name"] for r in lens["references"]}
        for layer_id, layer in layers.items():
            assert f"indexpattern-datasource-layer-{layer_id}" in names
            assert layer["columnOrder"] == list(layer["columns"])
        accessors = json.dumps(lens["attributes"]["state"]["visualization"])
        for layer in layers.values():
            for column in layer["columns"]:
                assert column in accessors, (lens["id"], column)
    (dashboard,) = _by_type(objects, "dashboard")
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    refs = {r["name"]: r for r in dashboard["references"]}
    assert len(panels) == len(lenses) + 1
    for panel in panels:
        ref = refs[f"{panel['panelIndex']}:{panel['panelRefName']}"]
        assert ref["type"] == panel["type"]
    assert {r["id"] for r in refs.values()} >= {lens["id"] for lens in lenses}


# -- fields against _field_caps -------------------------------------------------------------------


def _used_fields(objects: list[dict[str, Any]]) -> tuple[set[str], set[str], str]:
    """(fields that must exist, fields that must be aggregatable, the time field)."""
    exist: set[str] = set()
    aggregate: set[str] = set()
    (view,) = _by_type(objects, "index-pattern")
    time_field = view["attributes"]["timeFieldName"]
    aggregate.add(time_field)
    exist |= set(json.loads(view["attributes"]["fieldFormatMap"]))
    exist |= set(json.loads(view["attributes"]["fieldAttrs"]))
    for search in _by_type(objects, "search"):
        exist |= set(search["attributes"]["columns"])
        aggregate |= {field for field, _ in search["attributes"]["sort"]}
        query = json.loads(search["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])["query"][
            "query"
        ]
        aggregate |= set(re.findall(r"([\w.]+)\s*:", query))
    for lens in _by_type(objects, "lens"):
        for layer in lens["attributes"]["state"]["datasourceStates"]["formBased"]["layers"].values():
            for column in layer["columns"].values():
                if column["sourceField"] != "___records___":
                    aggregate.add(column["sourceField"])
    return exist | aggregate, aggregate, time_field


@pytest.fixture(scope="module")
def crawled_index(replay_crawl: dict[str, Any], noida_server: NoidaServer) -> Iterator[dict[str, Any]]:
    """The replay crawl's records indexed into noida-db; yields its _field_caps."""
    names = IndexNames("kibana")
    backend = ElasticsearchBackend(ElasticsearchSettings(url=noida_server.url, index_prefix=names.prefix))
    store = EmbeddedBackend(replay_crawl["data_dir"], read_only=True)
    try:
        records = list(store.iter_records())
        backend.upsert(records)
        backend.commit()
        (view,) = _by_type(_objects(), "index-pattern")
        caps = backend.client.field_caps(index=names.read_alias, fields="*").body
        yield {"caps": caps["fields"], "count": backend.count(), "records": len(records), "view": view}
    finally:
        store.close()
        backend.close()


@pytest.mark.slow
def test_every_field_exists_and_is_aggregatable(crawled_index: dict[str, Any]) -> None:
    assert crawled_index["count"] == crawled_index["records"] > 50
    caps = crawled_index["caps"]
    exist, aggregate, time_field = _used_fields(_objects())
    missing = sorted(f for f in exist if f not in caps)
    assert not missing, missing
    not_aggregatable = sorted(
        f for f in aggregate if not any(c.get("aggregatable") for c in caps[f].values())
    )
    assert not not_aggregatable, not_aggregatable
    assert set(caps[time_field]) == {"date"}
    # The data view's title is the read alias the field caps came from.
    assert crawled_index["view"]["attributes"]["title"] == IndexNames("stiwatch").read_alias


# -- import ---------------------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers like Kibana's import endpoint and keeps what it was sent."""

    requests: ClassVar[list[dict[str, Any]]] = []
    reply: ClassVar[tuple[int, dict[str, Any]]] = (200, {"success": True, "successCount": 0, "errors": []})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).requests.append(
            {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
        )
        status, payload = type(self).reply
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_import_request_is_what_kibana_expects(recorder: str, tmp_path: Path) -> None:
    count = len(_objects())
    _Recorder.reply = (200, {"success": True, "successCount": count, "errors": []})
    proc = run_cli(["kibana", "import", "--url", recorder, "--space", "analysts"], tmp_path / "data")
    assert proc.returncode == 0, proc.stderr
    (request,) = _Recorder.requests
    assert request["path"] == "/s/analysts/api/saved_objects/_import?overwrite=true"
    assert request["headers"]["kbn-xsrf"] == "true"
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + request["headers"]["content-type"].encode() + b"\r\n\r\n" + request["body"]
    )
    (part,) = list(message.iter_parts())
    assert part.get_param("name", header="content-disposition") == "file"
    sent = part.get_payload(decode=True).decode("utf-8")
    assert sent == NDJSON_FILE.read_text(encoding="utf-8")


def test_import_errors_are_one_line(recorder: str, tmp_path: Path) -> None:
    _Recorder.reply = (
        200,
        {
            "success": False,
            "successCount": 0,
            "errors": [{"id": "x", "type": "lens", "error": {"type": "unsupported_type"}}],
        },
    )
    proc = run_cli(["kibana", "import", "--url", recorder], tmp_path / "data")
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "not imported" in proc.stderr and "unsupported_type" in proc.stderr

    url = f"http://127.0.0.1:{free_port()}"
    proc = run_cli(["kibana", "import", "--url", url], tmp_path / "data")
    assert proc.returncode == 2 and "unreachable" in proc.stderr and url in proc.stderr


@pytest.mark.skipif(not os.environ.get("KIBANA_URL"), reason="set KIBANA_URL to import into a real Kibana")
def test_import_into_real_kibana(tmp_path: Path) -> None:
    proc = run_cli(["kibana", "import", "--url", os.environ["KIBANA_URL"]], tmp_path / "data")
    assert proc.returncode == 0, proc.stderr
    assert f"imported {len(_objects())} saved objects" in proc.stderr
