"""Kibana saved objects for the article index, built from code.

Field names and labels come from the facet declarations (``stiwatch.core.facets``); the
facets marked ``kibana_searches`` get one saved search per value of their taxonomy table.
``stiwatch kibana generate`` writes them to ``deliver/kibana/stiwatch.ndjson``;
``stiwatch kibana import`` sends them to Kibana's Saved Objects import API. Ids
are derived from names (UUID 5), so every generation gives the same ids and a
re-import overwrites instead of duplicating.

Objects target Kibana 8.9 and newer: Kibana migrates objects forward on import but
refuses ones written for a newer version than itself.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from stiwatch.core.facets import AGENCY, COUNTRY, FACETS, LANGUAGE, SOURCE, THEME, Facet
from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.search.elasticsearch.mappings import IndexNames

NDJSON_FILE = Path(__file__).resolve().parent / "stiwatch.ndjson"

CORE_MIGRATION_VERSION = "8.8.0"
TYPE_MIGRATION_VERSIONS = {
    "index-pattern": "8.0.0",
    "search": "8.0.0",
    "lens": "8.9.0",
    "dashboard": "8.9.0",
}
PANEL_VERSION = "8.9.0"

# Fixed namespace: ids must not change between generations.
_NAMESPACE = uuid.UUID("6f2a1c5e-3b7d-4e8a-9c41-7d2f0b6a9e13")

TIME_FIELD = "published"
SEARCH_COLUMNS = ("title", *(f.field for f in (SOURCE, LANGUAGE, COUNTRY, AGENCY, THEME)))


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _saved(
    kind: str, object_id: str, attributes: dict[str, Any], references: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "id": object_id,
        "type": kind,
        "attributes": attributes,
        "references": references,
        "coreMigrationVersion": CORE_MIGRATION_VERSION,
        "typeMigrationVersion": TYPE_MIGRATION_VERSIONS[kind],
        "managed": False,
    }


def data_view(names: IndexNames) -> dict[str, Any]:
    """The data view over the read alias, with the publication date as time field."""
    formats = {
        "url": {"id": "url", "params": {"type": "a", "urlTemplate": None, "labelTemplate": None}},
        "source_url": {"id": "url", "params": {"type": "a", "urlTemplate": None, "labelTemplate": None}},
        "published": {"id": "date", "params": {"pattern": "YYYY-MM-DD HH:mm Z"}},
        "fetched_at": {"id": "date", "params": {"pattern": "YYYY-MM-DD HH:mm Z"}},
        "text_chars": {"id": "number", "params": {"pattern": "0,0"}},
    }
    labels = {"published": "Published", **{f.field: f.column for f in FACETS}}
    attributes = {
        "title": names.read_alias,
        "name": "stiwatch articles",
        "timeFieldName": TIME_FIELD,
        "fieldFormatMap": json.dumps(formats, sort_keys=True),
        "fieldAttrs": json.dumps({k: {"customLabel": v} for k, v in labels.items()}, sort_keys=True),
        # Kibana reads the field list from _field_caps when the view is opened.
        "fields": "[]",
        "runtimeFieldMap": "{}",
        "sourceFilters": json.dumps([{"value": "tok.*"}, {"value": "record"}]),
        "typeMeta": "{}",
        "allowNoIndex": True,
    }
    return _saved("index-pattern", stable_id("data-view", names.read_alias), attributes, [])


def _search_source(query: str) -> str:
    return json.dumps(
        {
            "query": {"query": query, "language": "kuery"},
            "filter": [],
            "highlightAll": True,
            "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index",
        },
        sort_keys=True,
    )


def saved_search(view_id: str, object_id: str, title: str, query: str, description: str) -> dict[str, Any]:
    attributes = {
        "title": title,
        "description": description,
        "columns": list(SEARCH_COLUMNS),
        "sort": [[TIME_FIELD, "desc"]],
        "grid": {},
        "hideChart": False,
        "kibanaSavedObjectMeta": {"searchSourceJSON": _search_source(query)},
    }
    references = [
        {"id": view_id, "name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern"}
    ]
    return _saved("search", object_id, attributes, references)


def values(facet: Facet) -> list[tuple[str, str]]:
    """(id, English name) of every value of a facet's taxonomy table, in file order."""
    if facet.labels is None:
        return []
    taxonomy = load_taxonomy(check_segmentation=False)
    table = getattr(taxonomy, facet.labels)
    return [(ident, taxonomy.label(facet.labels, ident, "en")) for ident in table]


def themes() -> list[tuple[str, str]]:
    """(id, English name) of every theme in the taxonomy."""
    return values(THEME)


def facet_searches(view_id: str) -> list[dict[str, Any]]:
    """One saved search per value of each facet declared with ``kibana_searches``."""
    return [
        saved_search(
            view_id,
            stable_id("search", facet.name, ident),
            f"stiwatch: {name}",
            f'{facet.field} : "{ident}"',
            f"Articles tagged with the {facet.label.lower()} {ident}, newest first.",
        )
        for facet in FACETS
        if facet.kibana_searches
        for ident, name in values(facet)
    ]


# -- Lens ---------------------------------------------------------------------------------


def _count(label: str = "Articles") -> dict[str, Any]:
    return {
        "label": label,
        "customLabel": True,
        "dataType": "number",
        "operationType": "count",
        "isBucketed": False,
        "scale": "ratio",
        "sourceField": "___records___",
        "params": {"emptyAsNull": True},
    }


def _terms(field: str, label: str, size: int, order_by: str) -> dict[str, Any]:
    return {
        "label": label,
        "customLabel": True,
        "dataType": "string",
        "operationType": "terms",
        "sourceField": field,
        "isBucketed": True,
        "scale": "ordinal",
        "params": {
            "size": size,
            "orderBy": {"type": "column", "columnId": order_by},
            "orderDirection": "desc",
            "otherBucket": True,
            "missingBucket": False,
            "parentFormat": {"id": "terms"},
        },
    }


def _date_histogram(field: str, label: str) -> dict[str, Any]:
    return {
        "label": label,
        "customLabel": True,
        "dataType": "date",
        "operationType": "date_histogram",
        "sourceField": field,
        "isBucketed": True,
        "scale": "interval",
        "params": {"interval": "M", "includeEmptyRows": True, "dropPartials": False},
    }


def _lens(
    key: str,
    title: str,
    description: str,
    visualization_type: str,
    view_id: str,
    columns: dict[str, dict[str, Any]],
    visualization: dict[str, Any],
) -> dict[str, Any]:
    layer = stable_id("lens", key, "layer")
    attributes = {
        "title": title,
        "description": description,
        "visualizationType": visualization_type,
        "state": {
            "datasourceStates": {
                "formBased": {
                    "layers": {
                        layer: {
                            "columns": columns,
                            "columnOrder": list(columns),
                            "incompleteColumns": {},
                        }
                    }
                }
            },
            "visualization": {**visualization, "layerId": layer}
            if "layers" not in visualization
            else {**visualization, "layers": [{**visualization["layers"][0], "layerId": layer}]},
            "query": {"query": "", "language": "kuery"},
            "filters": [],
            "internalReferences": [],
            "adHocDataViews": {},
        },
    }
    references = [{"type": "index-pattern", "id": view_id, "name": f"indexpattern-datasource-layer-{layer}"}]
    return _saved("lens", stable_id("lens", key), attributes, references)


# Column ids of the Lens layers (stable: derived from these names).
_COLUMNS = {
    name: stable_id("column", name) for name in ("date", "count", "country", "agency", "theme", "lang")
}


def _over_time_by_country(view_id: str) -> dict[str, Any]:
    col = _COLUMNS
    return _lens(
        "articles-over-time-by-country",
        "stiwatch: articles over time by country",
        "Articles per month, stacked by the countries they are about.",
        "lnsXY",
        view_id,
        {
            col["date"]: _date_histogram(TIME_FIELD, "Published"),
            col["country"]: _terms(COUNTRY.field, COUNTRY.label, 10, col["count"]),
            col["count"]: _count(),
        },
        {
            "preferredSeriesType": "bar_stacked",
            "legend": {"isVisible": True, "position": "right"},
            "valueLabels": "hide",
            "layers": [
                {
                    "layerType": "data",
                    "seriesType": "bar_stacked",
                    "xAccessor": col["date"],
                    "splitAccessor": col["country"],
                    "accessors": [col["count"]],
                }
            ],
        },
    )


def _top_agencies(view_id: str) -> dict[str, Any]:
    col = _COLUMNS
    return _lens(
        "top-agencies",
        "stiwatch: top agencies",
        "The agencies named in the most articles.",
        "lnsXY",
        view_id,
        {col["agency"]: _terms(AGENCY.field, AGENCY.label, 20, col["count"]), col["count"]: _count()},
        {
            "preferredSeriesType": "bar_horizontal",
            "legend": {"isVisible": False, "position": "right"},
            "valueLabels": "show",
            "layers": [
                {
                    "layerType": "data",
                    "seriesType": "bar_horizontal",
                    "xAccessor": col["agency"],
                    "accessors": [col["count"]],
                }
            ],
        },
    )


def _theme_by_country(view_id: str) -> dict[str, Any]:
    col = _COLUMNS
    return _lens(
        "theme-by-country",
        "stiwatch: theme × country",
        "How many articles each theme has per country.",
        "lnsHeatmap",
        view_id,
        {
            col["country"]: _terms(COUNTRY.field, COUNTRY.label, 15, col["count"]),
            col["theme"]: _terms(THEME.field, THEME.label, 20, col["count"]),
            col["count"]: _count(),
        },
        {
            "shape": "heatmap",
            "layerType": "data",
            "xAccessor": col["country"],
            "yAccessor": col["theme"],
            "valueAccessor": col["count"],
            "legend": {"isVisible": True, "position": "right", "type": "heatmap_legend"},
            "gridConfig": {
                "type": "heatmap_grid",
                "isCellLabelVisible": True,
                "isYAxisLabelVisible": True,
                "isXAxisLabelVisible": True,
                "isYAxisTitleVisible": True,
                "isXAxisTitleVisible": True,
            },
        },
    )


def _languages(view_id: str) -> dict[str, Any]:
    col = _COLUMNS
    return _lens(
        "languages",
        "stiwatch: languages",
        "Articles by language (th, vi, en).",
        "lnsPie",
        view_id,
        {col["lang"]: _terms(LANGUAGE.field, LANGUAGE.label, 10, col["count"]), col["count"]: _count()},
        {
            "shape": "donut",
            "layers": [
                {
                    "layerType": "data",
                    "primaryGroups": [col["lang"]],
                    "metrics": [col["count"]],
                    "numberDisplay": "percent",
                    "categoryDisplay": "default",
                    "legendDisplay": "default",
                    "nestedLegend": False,
                }
            ],
        },
    )


def lens_objects(view_id: str) -> list[dict[str, Any]]:
    """The dashboard's charts, in panel order."""
    return [
        _over_time_by_country(view_id),
        _top_agencies(view_id),
        _theme_by_country(view_id),
        _languages(view_id),
    ]


def dashboard(panels: list[tuple[dict[str, Any], dict[str, int]]]) -> dict[str, Any]:
    """A dashboard holding ``panels`` (saved object, grid position) by reference."""
    panel_json = []
    references = []
    for obj, grid in panels:
        index = stable_id("panel", obj["id"])
        panel_json.append(
            {
                "version": PANEL_VERSION,
                "type": obj["type"],
                "gridData": {**grid, "i": index},
                "panelIndex": index,
                "embeddableConfig": {"enhancements": {}},
                "panelRefName": f"panel_{index}",
            }
        )
        references.append({"name": f"{index}:panel_{index}", "type": obj["type"], "id": obj["id"]})
    attributes = {
        "title": "stiwatch: STI cooperation overview",
        "description": "Articles over time by country, top agencies, themes by country, languages, latest articles.",
        "panelsJSON": json.dumps(panel_json, sort_keys=True),
        "optionsJSON": json.dumps({"useMargins": True, "syncColors": False, "hidePanelTitles": False}),
        "timeRestore": True,
        "timeFrom": "now-2y",
        "timeTo": "now",
        "refreshInterval": {"pause": True, "value": 60000},
        "kibanaSavedObjectMeta": {
            "searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []})
        },
    }
    return _saved("dashboard", stable_id("dashboard", "overview"), attributes, references)


def build_objects(names: IndexNames | None = None) -> list[dict[str, Any]]:
    """Every saved object, referenced ones before those that use them."""
    names = names or IndexNames("stiwatch")
    view = data_view(names)
    latest = saved_search(
        view["id"],
        stable_id("search", "all"),
        "stiwatch: latest articles",
        "",
        "Every article, newest first.",
    )
    lenses = lens_objects(view["id"])
    grid = [
        {"x": 0, "y": 0, "w": 48, "h": 14},
        {"x": 0, "y": 14, "w": 24, "h": 15},
        {"x": 24, "y": 14, "w": 24, "h": 15},
        {"x": 0, "y": 29, "w": 16, "h": 14},
    ]
    panels = [*zip(lenses, grid, strict=True), (latest, {"x": 16, "y": 29, "w": 32, "h": 14})]
    return [view, latest, *facet_searches(view["id"]), *lenses, dashboard(panels)]


def to_ndjson(objects: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n" for obj in objects)


def write_ndjson(path: Path = NDJSON_FILE, names: IndexNames | None = None) -> int:
    """Write the objects; returns how many."""
    objects = build_objects(names)
    path.write_text(to_ndjson(objects), encoding="utf-8")
    return len(objects)
