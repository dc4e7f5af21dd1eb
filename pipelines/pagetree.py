"""Reading a parsed page: XPath helpers, element text, page metadata, layout tables.

The extract stage parses a page once (``stiwatch.pipelines.extract``); these helpers,
the title rules (``titles``) and the header-region rules (``regions``) all read that
one lxml tree.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.etree import XMLSyntaxError
from lxml.html import HtmlElement

_SPACES = re.compile(r"\s+")
_NS = {"re": "http://exslt.org/regular-expressions"}
# Plain contains() tests: lxml runs EXSLT regular expressions in Python, per node.
_DATE_WORDS = ("published", "date", "created", "issued", "Date", "Published")
_DATE_META = (
    # Body too: schema.org microdata puts <meta itemprop="datePublished"> inside the article.
    "//meta["
    + " or ".join(
        f"contains(@{attr}, '{word}')" for attr in ("property", "name", "itemprop") for word in _DATE_WORDS
    )
    + "]/@content | //time/@datetime | //*[starts-with(@itemprop, 'date')]/@datetime"
)
_JSON_LD_DATE = re.compile(r'"(?:datePublished|dateCreated|uploadDate)"\s*:\s*"([^"]+)"')
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")
_MIN_FALLBACK_CHARS = 40
_BLOCK_TAGS = frozenset({"div", "td", "article", "section", "main", "body", "blockquote", "p", "pre", "li"})
_PARA_TAGS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "pre", "div"})
INLINE_TAGS = frozenset({"a", "b", "strong", "span", "em", "i", "u", "font", "small", "sup", "sub", "mark"})
CHROME_TAGS = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "select", "button"}
)


def norm(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


@lru_cache(maxsize=256)
def _compiled(query: str) -> etree.XPath:
    # Compiling an XPath costs more than running it on a news page: do it once per query.
    return etree.XPath(query, namespaces=_NS)


def xpath(tree: HtmlElement, query: str, **variables: str) -> list[Any]:
    try:
        result = _compiled(query)(tree, **variables)
    except (XMLSyntaxError, ValueError, etree.XPathError):
        return []
    return list(result) if isinstance(result, list) else []


def first_text(tree: HtmlElement, query: str) -> str:
    for node in xpath(tree, query):
        text = norm(node if isinstance(node, str) else node.text_content())
        if text:
            return text
    return ""


def texts(tree: HtmlElement, query: str) -> list[str]:
    out = []
    for node in xpath(tree, query):
        text = norm(node if isinstance(node, str) else node.text_content())
        if text:
            out.append(text)
    return out


def same(a: str, b: str | None) -> bool:
    return bool(b) and norm(a).casefold() == norm(b).casefold()


def html_lang(tree: HtmlElement) -> str | None:
    """Primary subtag of ``<html lang>`` or the content-language meta, lower-cased."""
    root = tree.getroottree().getroot()
    values = [root.get("lang"), root.get("xml:lang")]
    values += xpath(tree, "//meta[re:test(@http-equiv, '^content-language$', 'i')]/@content")
    for value in values:
        tag = norm(str(value)).replace("_", "-").split("-")[0].split(",")[0].lower()
        if tag.isalpha() and 2 <= len(tag) <= 3:
            return tag
    return None


def block_text(el: HtmlElement) -> str:
    """Text of a small element, one line per block element or <br> (datelines stay lines)."""
    chunks: list[str] = []

    def walk(node: HtmlElement) -> None:
        tag = node.tag
        if not isinstance(tag, str) or tag in ("script", "style"):
            return  # comments and scripts: only their tails (added by the caller) are text
        block = tag not in INLINE_TAGS
        if block:
            chunks.append("\n")
        chunks.append(node.text or "")
        for child in node:
            walk(child)
            chunks.append(child.tail or "")
        if block:
            chunks.append("\n")

    walk(el)
    return "\n".join(line for line in (norm(x) for x in "".join(chunks).split("\n")) if line)


def outside_chrome(el: HtmlElement) -> bool:
    return not any(isinstance(a.tag, str) and a.tag in CHROME_TAGS for a in el.iterancestors())


def machine_dates(tree: HtmlElement) -> list[str]:
    """Date values from machine-readable metadata: meta tags, <time datetime>, JSON-LD."""
    found = [norm(str(v)) for v in xpath(tree, _DATE_META)]
    for script in xpath(tree, "//script[@type='application/ld+json']"):
        found += _JSON_LD_DATE.findall(script.text or "")
    return [v for v in found if _ISO_DAY.search(v)]


def page_date(doc_date: str | None, evidence: list[str]) -> str | None:
    """htmldate's day, with the full timestamp of the metadata value naming the same day."""
    if not doc_date or not evidence:
        return None
    for value in evidence:
        m = _ISO_DAY.search(value)
        if m and m.group(1) == doc_date[:10] and value.startswith(m.group(1)) and len(value) > 10:
            return value
    return doc_date


def _own_text(el: HtmlElement) -> str:
    """Text an element holds itself: its text, inline children and children's tails."""
    chunks = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS:
            chunks.append(child.text_content())
        elif isinstance(child.tag, str) and child.tag == "br":
            chunks.append("\n")
        chunks.append(child.tail or "")
    return "".join(chunks)


def fallback_text(tree: HtmlElement) -> str:
    """The largest text block of the page, as paragraphs; used when trafilatura finds nothing."""
    best, best_score = "", 0
    for el in tree.iter(*_BLOCK_TAGS):
        if any(a.tag in CHROME_TAGS for a in el.iterancestors()):
            continue
        paras = [_own_text(el)]
        paras += [_own_text(c) for c in el if isinstance(c.tag, str) and c.tag in _PARA_TAGS]
        lines = [norm(line) for p in paras for line in p.split("\n")]
        lines = [line for line in lines if line]
        score = sum(len(line) for line in lines)
        if score > best_score:
            best, best_score = "\n\n".join(lines), score
    return best if best_score >= _MIN_FALLBACK_CHARS else ""


_BLOCKS_IN_CELL = frozenset({"p", "div", "h1", "h2", "h3", "h4", "ul", "ol", "table", "form", "blockquote"})
_CELL_TAGS = frozenset({"td", "th"})
# Layout tables become these; trafilatura then weighs their parts like any <div>.
_UNWRAP = {
    "table": "div",
    "tbody": "div",
    "thead": "div",
    "tfoot": "div",
    "tr": "div",
    "td": "div",
    "th": "div",
}


def _is_layout_table(table: HtmlElement) -> bool:
    """A table that lays out a page rather than holding data.

    Old CMSs (Joomla 1.5, EWT) put the menu, the article and the footer in the cells of
    one big table; trafilatura would keep it as a data table, chrome and all. Such a
    table holds another table, or a cell holding several paragraphs. Data tables
    (cabinet resolutions, budgets) hold short cells and stay tables.
    """
    for cell in table.iter("td", "th"):
        blocks = 0
        for child in cell:
            if isinstance(child.tag, str) and child.tag in _BLOCKS_IN_CELL:
                if child.tag == "table":
                    return True
                blocks += 1
        if blocks >= 2:
            return True
    return False


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Turn layout tables (and their rows and cells) into <div>s; returns how many."""
    layout = {t for t in tree.iter("table") if _is_layout_table(t)}
    if not layout:
        return 0
    # Decide every element first, then rename: a data table nested in a layout table
    # keeps its own rows and cells.
    renamed = [
        el
        for table in layout
        for el in (table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th"))
        if el is table or next(el.iterancestors("table"), None) is table
    ]
    for el in renamed:
        el.tag = _UNWRAP[el.tag]
    return len(layout)
