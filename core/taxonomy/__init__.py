"""The knowledge layer: countries, agencies, themes and cooperation types as YAML data.

Modules, lowest first: ``entries`` (typed entries), ``tokenizer`` (words as the matchers
see them), ``phrases`` (alias matching), ``matchers`` (one matcher per kind of tag),
``model`` (the ``Taxonomy``), ``loader`` (YAML reading and validation).
``load_taxonomy()`` reads and validates the YAML files next to this module once per
process; every problem is reported with the file, the entry and what is wrong.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from stiwatch.core.taxonomy.entries import (
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
from stiwatch.core.taxonomy.loader import TAXONOMY_DIR, check_thai_acronyms, load_taxonomy_dir
from stiwatch.core.taxonomy.model import Taxonomy

__all__ = [
    "TAXONOMY_DIR",
    "Agency",
    "Alias",
    "AmbiguousAlias",
    "Candidate",
    "CooperationType",
    "Country",
    "Forum",
    "Keyword",
    "Taxonomy",
    "TaxonomyError",
    "Theme",
    "ThemeScoring",
    "load_taxonomy",
]


@lru_cache(maxsize=4)
def _cached(directory: Path) -> Taxonomy:
    return load_taxonomy_dir(directory, check_segmentation=False)


@lru_cache(maxsize=4)
def _checked(directory: Path) -> Taxonomy:
    # The segmentation check builds the Thai dictionary (most of the load's cost): done
    # once, on the same parsed taxonomy, by the first caller that asks for it.
    tax = _cached(directory)
    check_thai_acronyms(tax)
    return tax


def load_taxonomy(directory: Path | str | None = None, *, check_segmentation: bool = True) -> Taxonomy:
    """The validated taxonomy (cached per directory).

    Args:
        directory: folder holding countries.yaml, agencies.yaml, themes.yaml and
            cooperation.yaml; default: the project's own (``core/taxonomy/``).
        check_segmentation: also check that every Thai acronym is one word for the
            Thai segmenter (needs the PyThaiNLP dictionary, about half a second).

    Raises:
        TaxonomyError: naming the file, the entry and the problem.
    """
    path = Path(directory).resolve() if directory is not None else TAXONOMY_DIR
    return _checked(path) if check_segmentation else _cached(path)
