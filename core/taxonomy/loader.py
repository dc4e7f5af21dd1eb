"""Read and validate the taxonomy YAML files.

Every error names the file, the entry and the problem, so whoever edits the data can
fix it without reading code (same contract as the source registry, ``crawler/registry.py``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from stiwatch.core.taxonomy.entries import (
    ALIAS_LANGS,
    LANGS,
    Agency,
    Alias,
    AmbiguousAlias,
    Candidate,
    CooperationType,
    Country,
    Forum,
    Keyword,
    TaxonomyError,
    Theme,
    ThemeScoring,
)
from stiwatch.core.taxonomy.home import HOME_FILE, load_home
from stiwatch.core.taxonomy.model import Taxonomy
from stiwatch.core.taxonomy.salience import SALIENCE_FILE, load_salience
from stiwatch.core.text import THAI_CHAR, VIETNAMESE_CHAR, segment_thai
from stiwatch.core.yamlfile import read_yaml

TAXONOMY_DIR = Path(__file__).parent

_COUNTRY_ID = re.compile(r"^[A-Z]{2}$")
_AGENCY_ID = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
_THEME_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Entry:
    """Error context for one entry of one file."""

    def __init__(self, file: str, kind: str, label: str) -> None:
        self.where = f"{file}: {kind} {label}"

    def fail(self, problem: str) -> TaxonomyError:
        return TaxonomyError(f"{self.where}: {problem}")

    def fields(self, raw: dict[str, Any], allowed: set[str], required: Iterable[str]) -> None:
        if unknown := sorted(set(raw) - allowed):
            raise self.fail(f"unknown field(s) {', '.join(unknown)}")
        if missing := [name for name in required if name not in raw]:
            raise self.fail(f"missing required field {missing[0]!r}")

    def names(self, raw: Any) -> dict[str, str]:
        if not isinstance(raw, dict):
            raise self.fail("missing names (a mapping with en, th and vi)")
        if missing := [lg for lg in LANGS if not isinstance(raw.get(lg), str) or not raw[lg].strip()]:
            raise self.fail(f"missing names: {', '.join(missing)}")
        if unknown := sorted(set(raw) - set(LANGS)):
            raise self.fail(f"names: unknown language(s) {', '.join(unknown)}")
        return {lg: _nfc(raw[lg]) for lg in LANGS}

    def alias(self, raw: Any, lang: str, what: str) -> Alias:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            raw = str(raw)
        if isinstance(raw, str) and raw.strip():
            return Alias(_nfc(raw), lang)
        if isinstance(raw, dict) and set(raw) <= {"text", "exact"} and isinstance(raw.get("text"), str):
            return Alias(_nfc(raw["text"]), lang, bool(raw.get("exact", False)))
        raise self.fail(f"{what}: bad alias {raw!r} (a string or {{text: ..., exact: true}})")

    def aliases_by_lang(self, raw: Any, what: str) -> tuple[Alias, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            raise self.fail(f"{what} must be a mapping of en/th/vi to lists")
        out: list[Alias] = []
        for lang, items in raw.items():
            if lang not in ALIAS_LANGS:
                raise self.fail(f"{what}: unknown language {lang!r} ({', '.join(ALIAS_LANGS)})")
            if items is None:
                continue
            if not isinstance(items, list):
                raise self.fail(f"{what}.{lang} must be a list")
            out.extend(self.alias(item, lang, f"{what}.{lang}") for item in items)
        return tuple(out)

    def alias_list(self, raw: Any, what: str) -> tuple[Alias, ...]:
        """A flat list of aliases whose language follows from the script."""
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail(f"{what} must be a list")
        out = []
        for item in raw:
            alias = self.alias(item, "en", what)
            out.append(Alias(alias.text, script_lang(alias.text), alias.exact))
        return tuple(out)

    def no_match(self, raw: Any) -> frozenset[str]:
        if raw is None:
            return frozenset()
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise self.fail("no_match must be a list of names")
        return frozenset(_nfc(x) for x in raw)

    def year(self, raw: Any, what: str) -> int | None:
        if raw is None:
            return None
        if not isinstance(raw, int) or not 1900 <= raw <= 2100:
            raise self.fail(f"{what} must be a year, got {raw!r}")
        return raw


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def script_lang(text: str) -> str:
    """th for Thai script; vi for Latin with Vietnamese letters; else en."""
    return "th" if THAI_CHAR.search(text) else "vi" if VIETNAMESE_CHAR.search(text) else "en"


def _read(path: Path, keys: set[str], required: set[str]) -> dict[str, Any]:
    try:
        data = read_yaml(path)
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path.name}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        expected = ", ".join(sorted(keys))
        raise TaxonomyError(f"{path.name}: the file must be a mapping with {expected}")
    if unknown := sorted(set(data) - keys):
        raise TaxonomyError(f"{path.name}: unknown top-level key(s) {', '.join(unknown)}")
    for key in sorted(required):
        if not isinstance(data.get(key), list):
            raise TaxonomyError(f"{path.name}: '{key}:' must be a list of entries")
    return data


def _entries(
    data: list[Any], file: str, kind: str, id_re: re.Pattern[str], id_help: str
) -> Iterable[tuple[_Entry, dict[str, Any], str]]:
    """Yield (context, raw entry, id) with the id checked and duplicates rejected."""
    seen: set[str] = set()
    for index, raw in enumerate(data):
        label = raw.get("id", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
        entry = _Entry(file, kind, str(label))
        if not isinstance(raw, dict):
            raise entry.fail("entry must be a mapping")
        if "id" not in raw:
            raise entry.fail("missing required field 'id'")
        eid = raw["id"]
        if not isinstance(eid, str) or not id_re.match(eid):
            raise entry.fail(f"bad id {eid!r}: {id_help}")
        if eid in seen:
            raise entry.fail(f"duplicate id {eid!r}")
        seen.add(eid)
        yield entry, raw, eid


def _load_countries(path: Path) -> tuple[dict[str, Country], tuple[Alias, ...]]:
    data = _read(path, {"countries", "blockers"}, {"countries"})
    countries: dict[str, Country] = {}
    for entry, raw, cid in _entries(
        data["countries"], path.name, "country", _COUNTRY_ID, "ISO 3166-1 alpha-2, upper case"
    ):
        entry.fields(raw, {"id", "names", "aliases", "asean", "no_match"}, ("names",))
        countries[cid] = Country(
            id=cid,
            names=entry.names(raw["names"]),
            aliases=entry.aliases_by_lang(raw.get("aliases"), "aliases"),
            asean=bool(raw.get("asean", False)),
            no_match=entry.no_match(raw.get("no_match")),
        )
    blockers = _Entry(path.name, "section", "blockers").aliases_by_lang(data.get("blockers"), "blockers")
    return countries, blockers


# What an agency is, how it is named, and its place in time.
_AGENCY_KIND = {"id", "country", "international", "backdrop", "parent", "notes"}
_AGENCY_NAMES = {"names", "acronyms", "aliases", "former_names", "no_match"}
_AGENCY_FIELDS = _AGENCY_KIND | _AGENCY_NAMES | {"merged_into", "since", "until"}


def _load_agencies(
    path: Path, countries: dict[str, Country]
) -> tuple[dict[str, Agency], tuple[AmbiguousAlias, ...]]:
    data = _read(path, {"agencies", "ambiguous"}, {"agencies"})
    agencies: dict[str, Agency] = {}
    contexts: dict[str, _Entry] = {}
    for entry, raw, aid in _entries(
        data["agencies"],
        path.name,
        "agency",
        _AGENCY_ID,
        "upper-case ASCII letters/digits, hyphen-separated (MOST-VN)",
    ):
        entry.fields(raw, _AGENCY_FIELDS, ("names", "country"))
        international, backdrop = (raw.get(key, False) for key in ("international", "backdrop"))
        if not isinstance(international, bool) or not isinstance(backdrop, bool):
            raise entry.fail("international and backdrop must be true or false")
        country = raw["country"]
        if country is None:
            if not international:
                raise entry.fail("country is null: set `international: true` for international bodies")
        elif country not in countries:
            raise entry.fail(f"country {country!r} does not exist in countries.yaml")
        elif international:
            raise entry.fail("an international body has `country: null`")
        agencies[aid] = Agency(
            id=aid,
            names=entry.names(raw["names"]),
            country=country,
            international=international,
            backdrop=backdrop,
            acronyms=entry.alias_list(raw.get("acronyms"), "acronyms"),
            aliases=entry.aliases_by_lang(raw.get("aliases"), "aliases"),
            former_names=entry.aliases_by_lang(raw.get("former_names"), "former_names"),
            parent=raw.get("parent"),
            merged_into=raw.get("merged_into"),
            since=entry.year(raw.get("since"), "since"),
            until=entry.year(raw.get("until"), "until"),
            no_match=entry.no_match(raw.get("no_match")),
        )
        contexts[aid] = entry
    for aid, agency in agencies.items():
        entry = contexts[aid]
        for name, ref in (("parent", agency.parent), ("merged_into", agency.merged_into)):
            if ref is not None and ref not in agencies:
                raise entry.fail(f"{name} {ref!r} does not exist (unknown agency id)")
            if ref == aid:
                raise entry.fail(f"{name} is the entry itself")
        seen = {aid}
        parent = agency.parent
        while parent:
            if parent in seen:
                raise entry.fail(f"parent chain loops back to {parent!r}")
            seen.add(parent)
            parent = agencies[parent].parent
    ambiguous = _load_ambiguous(data.get("ambiguous") or [], path.name, agencies, countries)
    return agencies, ambiguous


def _load_ambiguous(
    data: Any, file: str, agencies: dict[str, Agency], countries: dict[str, Country]
) -> tuple[AmbiguousAlias, ...]:
    if not isinstance(data, list):
        raise TaxonomyError(f"{file}: 'ambiguous:' must be a list")
    out = []
    for index, raw in enumerate(data):
        label = raw.get("alias", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
        entry = _Entry(file, "ambiguous alias", repr(label))
        if not isinstance(raw, dict):
            raise entry.fail("entry must be a mapping")
        entry.fields(raw, {"alias", "lang", "candidates", "default", "notes"}, ("alias", "candidates"))
        lang = raw.get("lang") or script_lang(str(raw["alias"]))
        if lang not in LANGS:
            raise entry.fail(f"unknown lang {lang!r} (en, th or vi)")
        alias = entry.alias(raw["alias"], lang, "alias")
        cands = raw["candidates"]
        if not isinstance(cands, list) or not cands:
            raise entry.fail("candidates must be a non-empty list")
        candidates = []
        for cand in cands:
            if not isinstance(cand, dict) or "id" not in cand:
                raise entry.fail("each candidate is a mapping with an id (or id: null)")
            unknown = sorted(set(cand) - {"id", "country", "context"})
            if unknown:
                raise entry.fail(f"candidate: unknown field(s) {', '.join(unknown)}")
            cid = cand["id"]
            if cid is not None and cid not in agencies:
                raise entry.fail(f"candidate {cid!r} does not exist (unknown agency id)")
            country = cand.get("country", agencies[cid].country if cid else None)
            if country is not None and country not in countries:
                raise entry.fail(f"candidate country {country!r} does not exist in countries.yaml")
            if cid is None and country is None and not cand.get("context"):
                raise entry.fail("a null candidate needs a country or context terms")
            context = entry.alias_list(cand.get("context"), "context")
            candidates.append(Candidate(cid, country, context))
        default = raw.get("default")
        if default is not None and default not in {c.id for c in candidates}:
            raise entry.fail(f"default {default!r} is not one of the candidates")
        out.append(AmbiguousAlias(alias, tuple(candidates), default))
    return tuple(out)


_SCORING_FIELDS = set(ThemeScoring.__dataclass_fields__)


def _load_themes(path: Path) -> tuple[dict[str, Theme], ThemeScoring]:
    if not path.exists():
        return {}, ThemeScoring()
    data = _read(path, {"themes", "scoring"}, {"themes"})
    scoring_raw = data.get("scoring") or {}
    if not isinstance(scoring_raw, dict) or set(scoring_raw) - _SCORING_FIELDS:
        raise TaxonomyError(f"{path.name}: scoring: a mapping of {', '.join(sorted(_SCORING_FIELDS))}")
    try:
        # Coerce each value to the type of its default (threshold: 3 -> 3.0).
        values = {k: type(getattr(ThemeScoring, k))(v) for k, v in scoring_raw.items()}
        scoring = ThemeScoring(**values)
    except (TypeError, ValueError) as exc:
        raise TaxonomyError(f"{path.name}: scoring: {exc}") from None
    themes: dict[str, Theme] = {}
    for entry, raw, tid in _entries(
        data["themes"], path.name, "theme", _THEME_ID, "lower-case words joined by hyphens"
    ):
        entry.fields(raw, {"id", "names", "keywords", "notes"}, ("names", "keywords"))
        if not isinstance(raw["keywords"], list) or not raw["keywords"]:
            raise entry.fail("keywords must be a non-empty list")
        keywords = [_keyword(entry, kraw) for kraw in raw["keywords"]]
        themes[tid] = Theme(tid, entry.names(raw["names"]), tuple(keywords))
    return themes, scoring


def _keyword(entry: _Entry, raw: Any) -> Keyword:
    """One keyword group: a weight, optionally ``headline``, terms by language."""
    if not isinstance(raw, dict) or "weight" not in raw:
        raise entry.fail("each keyword group is a mapping with a weight and en/th/vi lists")
    raw = dict(raw)
    weight, headline, weights = raw.pop("weight"), raw.pop("headline", True), raw.pop("weights", {})
    terms = entry.aliases_by_lang(raw, "keywords")
    if not terms:
        raise entry.fail("a keyword group has no terms")
    by_term_language = isinstance(weights, dict) and set(weights) <= {t.lang for t in terms}
    if not by_term_language or not all(map(Keyword.valid_weight, (weight, *weights.values()))):
        raise entry.fail(f"keyword weight must be a positive number, by term language: {weight} {weights}")
    try:
        paragraphs = Keyword.headline_paragraphs(headline)
    except ValueError as exc:
        raise entry.fail(str(exc)) from None
    return Keyword(float(weight), terms, paragraphs, {lg: float(w) for lg, w in weights.items()})


def _load_cooperation(path: Path) -> tuple[dict[str, CooperationType], tuple[Forum, ...]]:
    if not path.exists():
        return {}, ()
    data = _read(path, {"types", "forums"}, {"types"})
    types: dict[str, CooperationType] = {}
    for entry, raw, tid in _entries(
        data["types"], path.name, "cooperation type", _THEME_ID, "lower-case words, hyphens"
    ):
        entry.fields(raw, {"id", "names", "aliases", "notes"}, ("names",))
        types[tid] = CooperationType(
            tid, entry.names(raw["names"]), entry.aliases_by_lang(raw.get("aliases"), "aliases")
        )
    forums = []
    for entry, raw, fid in _entries(
        data.get("forums") or [], path.name, "forum", _AGENCY_ID, "upper-case letters (COSTI)"
    ):
        entry.fields(raw, {"id", "patterns", "notes"}, ("patterns",))
        if not isinstance(raw["patterns"], list) or not raw["patterns"]:
            raise entry.fail("patterns must be a non-empty list of regular expressions")
        patterns = []
        for p in raw["patterns"]:
            try:
                rx = re.compile(str(p))
            except re.error as exc:
                raise entry.fail(f"bad regex {p!r}: {exc}") from None
            if "n" not in rx.groupindex:
                raise entry.fail(f"pattern {p!r} needs a named group (?P<n>...) for the number")
            patterns.append(rx)
        forums.append(Forum(fid, tuple(patterns)))
    return types, tuple(forums)


def _fold_key(alias: Alias) -> str:
    """A cheap comparison key: aliases with the same key would match the same words."""
    text = "".join(alias.text.split())
    return text if alias.exact else text.casefold()


def _check_alias_collisions(tax: Taxonomy) -> None:
    """One alias must not name two different countries/agencies unless declared ambiguous."""
    ambiguous = {_fold_key(a.alias) for a in tax.ambiguous}
    owner: dict[str, str] = {}

    def claim(alias: Alias, name: str, file: str) -> None:
        key = _fold_key(alias)
        if key in ambiguous:
            return
        # Acronyms are matched case-sensitively; only identical spellings collide.
        if alias.text.isupper() or (not alias.text.islower() and len(alias.text) <= 6):
            key = "".join(alias.text.split())
        previous = owner.setdefault(key, name)
        if previous != name:
            raise TaxonomyError(
                f"{file}: {name}: alias {alias.text!r} also names {previous}; "
                "declare it under `ambiguous:` in agencies.yaml"
            )

    for country in tax.countries.values():
        for alias in country.all_aliases():
            claim(alias, f"country {country.id}", "countries.yaml")
    for agency in tax.agencies.values():
        for alias in agency.all_aliases():
            claim(alias, f"agency {agency.id}", "agencies.yaml")


def check_thai_acronyms(tax: Taxonomy) -> None:
    """Thai acronyms (อว., บพท.) must be one segmenter word each, or they never match."""
    for agency in tax.agencies.values():
        for alias in agency.acronyms:
            if alias.lang != "th":
                continue
            words = segment_thai(alias.text)
            if words != [alias.text]:
                raise TaxonomyError(
                    f"agencies.yaml: agency {agency.id}: Thai acronym {alias.text!r} is split by "
                    f"the segmenter into {words}; add it to core/taxonomy/thai_words.txt"
                )


def load_taxonomy_dir(directory: Path, *, check_segmentation: bool = True) -> Taxonomy:
    """Load and validate the taxonomy files of ``directory`` (uncached)."""
    countries, blockers = _load_countries(directory / "countries.yaml")
    agencies, ambiguous = _load_agencies(directory / "agencies.yaml", countries)
    themes, scoring = _load_themes(directory / "themes.yaml")
    cooperation, forums = _load_cooperation(directory / "cooperation.yaml")
    tax = Taxonomy(
        countries=countries,
        agencies=agencies,
        themes=themes,
        cooperation=cooperation,
        forums=forums,
        ambiguous=ambiguous,
        country_blockers=blockers,
        scoring=scoring,
        salience=load_salience(directory / SALIENCE_FILE),
        home=load_home(directory / HOME_FILE, countries),
    )
    _check_alias_collisions(tax)
    if check_segmentation:
        check_thai_acronyms(tax)
    return tax
