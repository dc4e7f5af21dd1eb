"""The publisher's country, for home news that names no country.

An article about no country (none reaches salience 1.0) is about its publisher's own
only when it shows that it is home news: it names that country or one of its agencies
in passing, or it is a page of that country's government (its domain), or it names a
place, a currency amount, a bare institution or a personal name of that country
(``core/taxonomy/home.yaml``). A Vietnamese site's report on a robot built
abroad shows none and gets no country; a Hanoi department's news on Hanoi startups
names Hà Nội and gets Viet Nam.

An article about other countries is also about the publisher's own when its title or lead
names one of that country's places, its people, a national firm or a personal name
(``home_named_row``): "Hàn Quốc tài trợ TP HCM nghiên cứu tàu điện một ray" is Korea's and
Viet Nam's news. Words that only tell home news from no one's ("người dân", the people) do
not count there: beside Japan they are Japan's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stiwatch.core.taxonomy import Taxonomy


def publisher_row(
    taxonomy: Taxonomy,
    country: str,
    rows: Mapping[str, list[dict[str, Any]]],
    title: str,
    text: str,
    url: str | None = None,
) -> dict[str, Any] | None:
    """The evidence row that tags ``country`` as the publisher's, or None without evidence.

    ``rows`` are the country rows the tag stage found (mentions included); the row's
    ``home`` says what showed home news: the country's own mention (its alias, or the
    agency it came from), the page's government host, or the phrase of home.yaml.
    """
    named = rows.get(country, [])
    if named:
        home = named[0].get("via") or named[0].get("alias") or country
    elif (evidence := taxonomy.home.get(country)) is not None:
        home = evidence.on_domain(url) or evidence.find(f"{title}\n{text}")
    else:
        home = None
    return _row(country, "source", home) if home else None


def home_named_row(taxonomy: Taxonomy, country: str, title: str, lead: str) -> dict[str, Any] | None:
    """The evidence row that adds ``country``, the publisher's, beside the other countries an
    article is about, or None: its title or lead names the country's own (``HomeEvidence.named``)."""
    evidence = taxonomy.home.get(country)
    if evidence is None:
        return None
    for where, text in (("title", title), ("lead", lead)):
        if text and (home := evidence.named(text)):
            return _row(country, where, home)
    return None


def _row(country: str, where: str, home: str) -> dict[str, Any]:
    """The publisher's country's evidence row: ``home`` is what showed home news."""
    return {"id": country, "alias": "", "where": where, "via": "publisher", "home": home}
