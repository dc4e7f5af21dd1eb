"""The facets: each declared once, here; everything that names a facet reads this table.

A facet is a record field that searches filter on and count: the web and API parameters
(``deliver/web/params.py``), both backends' index fields and filters
(``search/embedded/index.py``, ``search/elasticsearch/``), the ``stiwatch search`` and
``stiwatch alerts add`` flags, the facet names the CLI and the pages show (from the
taxonomy table in ``labels``) and the Kibana data view and saved searches.

The declaration order is the order of the JSON contract (``facets`` of
``stiwatch search --json`` and ``GET /api/search``): the default facets first, then
the ones a caller asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Facet:
    """One facet.

    Args:
        name: its name in results, in ``SearchQuery.facets`` and in ``?facet=``.
        field: the record field it reads, also the index field of both backends.
        query: the ``SearchQuery`` attribute that filters on it.
        param: the URL and API parameter (repeatable, comma-separated).
        flag: the ``stiwatch search`` flag, or None when only the web filters on it.
        metavar: what a value looks like in ``--help``.
        label: its English name (Kibana chart axes).
        column: the English label of its field (Kibana data view columns).
        labels: the taxonomy table whose entries name its values; None: values are shown
            as they are (language codes, source ids, forum numbers).
        many: the record holds a list of values (else one value).
        case: how typed values are normalised (country codes and agency ids upper-case).
        default: counted by every search (else only when asked for).
        tag: set by the tag stage (the tags of an article, with their evidence).
        mentions: the tag stage also keeps every value the article only mentions, in
            ``record["mentions"][field]`` (with the tags); a search with ``mentions`` on
            filters and counts this facet on those (index field ``mention_field``).
        index: the field type both backends index it as (exact values).
        kibana_searches: Kibana gets one saved search per value of the taxonomy table.
        all_of: several values may be asked to match together ("all of" mode, the
            ``{param}_mode=all`` parameter and the ``{flag}-mode all`` flag); by
            default several values of one facet match "any of" them.
    """

    name: str
    field: str
    query: str
    param: str
    flag: str | None
    metavar: str
    label: str
    column: str
    labels: str | None = None
    many: bool = True
    case: Literal["upper", "lower"] | None = None
    default: bool = True
    tag: bool = True
    mentions: bool = False
    index: Literal["keyword"] = "keyword"
    kibana_searches: bool = False
    all_of: bool = False

    @property
    def mode_param(self) -> str:
        """The URL parameter that switches this facet to "all of" (``country_mode=all``)."""
        return f"{self.param}_mode"

    @property
    def mention_field(self) -> str:
        """The index field holding what articles mention (tags included); "" without."""
        return f"{self.field}_mentioned" if self.mentions else ""


@dataclass(frozen=True)
class Partner:
    """A second filter on a facet, AND-ed with the first: ``country=TH&partner=VN`` finds
    articles about both countries (bilateral work). Several partners are "any of":
    ``country=TH&partner=VN,LA`` is about Thailand and about Vietnam or Laos. Without a
    ``country`` the partner filter alone is a plain country filter.

    Args:
        facet: the facet both filters read (its field, labels and case).
        query: the ``SearchQuery`` attribute.
        param: the URL and API parameter.
        flag: the ``stiwatch search`` / ``alerts add`` flag.
    """

    facet: Facet
    query: str
    param: str
    flag: str
    label: str


COUNTRY = Facet(
    name="country",
    field="countries",
    query="countries",
    param="country",
    flag="--country",
    metavar="CC",
    label="Country",
    column="Countries",
    labels="countries",
    case="upper",
    mentions=True,
    all_of=True,
)
AGENCY = Facet(
    name="agency",
    field="agencies",
    query="agencies",
    param="agency",
    flag="--agency",
    metavar="ID",
    label="Agency",
    column="Agencies",
    labels="agencies",
    case="upper",
    mentions=True,
    all_of=True,
)
THEME = Facet(
    name="theme",
    field="themes",
    query="themes",
    param="theme",
    flag="--theme",
    metavar="ID",
    label="Theme",
    column="Themes",
    labels="themes",
    mentions=True,
    kibana_searches=True,
)
LANGUAGE = Facet(
    name="language",
    field="language",
    query="languages",
    param="lang",
    flag="--lang",
    metavar="XX",
    label="Language",
    column="Language",
    many=False,
    case="lower",
    tag=False,
)
SOURCE = Facet(
    name="source",
    field="source",
    query="sources",
    param="source",
    flag="--source",
    metavar="ID",
    label="Source",
    column="Source",
    many=False,
    tag=False,
)
COOPERATION = Facet(
    name="cooperation",
    field="cooperation",
    query="cooperation",
    param="cooperation",
    flag=None,
    metavar="ID",
    label="Cooperation type",
    column="Cooperation type",
    labels="cooperation",
    default=False,
)
FORUM = Facet(
    name="forum",
    field="forums",
    query="forums",
    param="forum",
    flag=None,
    metavar="ID",
    label="Forum",
    column="Forum",
    case="upper",
    default=False,
)

FACETS: tuple[Facet, ...] = (COUNTRY, AGENCY, THEME, LANGUAGE, SOURCE, COOPERATION, FORUM)
PARTNER = Partner(facet=COUNTRY, query="partners", param="partner", flag="--partner", label="Partner country")
# Facets that have an "all of" mode (countries and agencies).
ALL_OF_FACETS: tuple[Facet, ...] = tuple(f for f in FACETS if f.all_of)
BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
# Names of the facets every search counts, and of those counted on request.
DEFAULT_NAMES: tuple[str, ...] = tuple(f.name for f in FACETS if f.default)
EXTRA_NAMES: tuple[str, ...] = tuple(f.name for f in FACETS if not f.default)
# The tags of an article (the tag stage's output), in declaration order.
TAG_FACETS: tuple[Facet, ...] = tuple(f for f in FACETS if f.tag)
# The facets whose mentions the tag stage keeps (record field ``mentions``, keyed by field).
MENTION_FACETS: tuple[Facet, ...] = tuple(f for f in FACETS if f.mentions)
MENTIONS_FIELD = "mentions"
