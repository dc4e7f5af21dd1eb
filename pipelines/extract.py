"""Main-text extraction with trafilatura, plus what later stages need from the page.

The page is parsed once; trafilatura gets the parsed tree (it works on its own
copy) and this module reads the rest from the same tree: the declared language,
the title without the site's name ("Headline - ASEAN Main Portal"; the post heading
when trafilatura took a masthead <h1>), the header region where date lines live
(the lines right under the headline), a source line trafilatura dropped as
link-heavy ("ที่มา: <a href=...>"), and whether the page carries machine-readable
date metadata (htmldate's answer is trusted only then).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from typing import Any, ClassVar

from lxml import etree
from lxml.etree import ParserError, XMLSyntaxError
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from crawler.items import Article
from pipelines.base import PipelineContext, RejectArticle, StagePipeline
from pipelines.clean import source_line

logger = logging.getLogger(__name__)

DEFAULT_MAX_HTML = 5_000_000
_HEADER_CHARS = 1000
_SIBLING_CHARS = 300
_MIN_FALLBACK_CHARS = 40
_SPACES = re.compile(r"\s+")

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
_NS = {"re": "http://exslt.org/regular-expressions"}
_DATEISH = (
    "//*[@class][not(self::body) and not(self::html) and ("
    + " or ".join(
        f"contains(@class, '{word}')"
        for word in ("date", "time", "posted", "published", "meta", "info", "byline")
    )
    # Small elements only: text_content() of a page-wide container costs more than it gives.
    + ")][count(.//*) < 12]"
)
_BLOCK_TAGS = frozenset({"div", "td", "article", "section", "main", "body", "blockquote", "p", "pre", "li"})
_PARA_TAGS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "pre", "div"})
_INLINE_TAGS = frozenset({"a", "b", "strong", "span", "em", "i", "u", "font", "small", "sup", "sub", "mark"})
_CHROME_TAGS = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "select", "button"}
)

# Titles: "Headline - Site" (Yoast and most CMS themes) and "Site | Headline".
_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " « ", " » ", " · ")
_UNDASHED_SEPARATORS = tuple(sep for sep in _TITLE_SEPARATORS if sep.strip() not in "-–—")
_MAX_SITE_NAME = 100
# Class words themes give the heading of the post itself (WordPress, Elementor, news CMSs)...
_POST_TITLE_CLASSES = (
    "entry-title",
    "post-title",
    "title-detail",
    "detail-title",
    "article-title",
    "article__title",
    "news-title",
    "single-title",
)
# ... and the masthead naming the site, which classic themes also mark up as an <h1>.
_SITE_TITLE_CLASSES = ("site-title", "site-name", "site-logo", "logo", "brand")


def _class_test(words: tuple[str, ...]) -> str:
    return " or ".join(f"contains(@class, '{w}')" for w in words)


# Table-layout CMSs (EWT on Thai government sites, old ASP.NET portals) set the headline
# in a <span>/<td>/<div> whose class names it, and often leave <title> to the site's name.
_HEADLINE_CLASSES = ("head_news", "news_head", "newshead", "headnews", "news-head", "contentheading")
_POST_HEADINGS = f"//h1[{_class_test(_POST_TITLE_CLASSES)}] | //h2[{_class_test(_POST_TITLE_CLASSES)}]"
# Any other element with such a class counts only when it is the only one: listing
# blocks repeat "news-title" on every teaser.
_MARKED_HEADLINES = (
    f"//body//*[@class][{_class_test(_POST_TITLE_CLASSES + _HEADLINE_CLASSES)}]"
    "[not(self::h1) and not(self::h2) and not(self::a)][count(.//*) < 4]"
)
# [@class] first: contains() over a missing attribute still costs a string conversion.
_SITE_TITLES = f"//body//*[@class][{_class_test(_SITE_TITLE_CLASSES)}][count(.//*) < 6]"

# Source lines (ที่มา, แหล่งที่มา, Nguồn, Source) found on text nodes: one pass over the text,
# never the string value of every element. Vietnamese may come decomposed (NFD).
_SOURCE_LABELS = ("ที่มา", "แหล่งที่มา", "แหล่งข่าว", "Nguồn", "NGUỒN", "nguồn")
_SOURCE_WORDS = tuple(sorted({*_SOURCE_LABELS, *(unicodedata.normalize("NFD", x) for x in _SOURCE_LABELS)}))


@lru_cache(maxsize=64)
def _source_query(labels: tuple[str, ...], latin: bool) -> str:
    """Text nodes starting with one of ``labels`` (or "Source" in any case when ``latin``)."""
    tests = [f"starts-with(normalize-space(.), '{w}')" for w in labels]
    if latin:
        tests.append("starts-with(translate(normalize-space(.), 'SOURCE', 'source'), 'source')")
    return f"//body//text()[{' or '.join(tests)}]"


_SOURCE_BLOCKS = frozenset({"p", "div", "li", "td", "dd", "blockquote", "section"})
# A caption's "Nguồn:" credits the photo, not the article.
_NOT_ARTICLE_TAGS = _CHROME_TAGS | {"figure", "figcaption"}
_SOURCE_MAX_CHARS = 300
# Class or id words of page regions whose source lines belong to other articles.
_OTHER_REGIONS = ("sidebar", "widget", "related", "comment", "footer", "menu")


def _norm(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


@lru_cache(maxsize=256)
def _compiled(query: str) -> etree.XPath:
    # Compiling an XPath costs more than running it on a news page: do it once per query.
    return etree.XPath(query, namespaces=_NS)


def _xpath(tree: HtmlElement, query: str, **variables: str) -> list[Any]:
    try:
        result = _compiled(query)(tree, **variables)
    except (XMLSyntaxError, ValueError, etree.XPathError):
        return []
    return list(result) if isinstance(result, list) else []


def html_lang(tree: HtmlElement) -> str | None:
    """Primary subtag of ``<html lang>`` or the content-language meta, lower-cased."""
    root = tree.getroottree().getroot()
    values = [root.get("lang"), root.get("xml:lang")]
    values += _xpath(tree, "//meta[re:test(@http-equiv, '^content-language$', 'i')]/@content")
    for value in values:
        tag = _norm(str(value)).replace("_", "-").split("-")[0].split(",")[0].lower()
        if tag.isalpha() and 2 <= len(tag) <= 3:
            return tag
    return None


def _first_text(tree: HtmlElement, query: str) -> str:
    for node in _xpath(tree, query):
        text = _norm(node if isinstance(node, str) else node.text_content())
        if text:
            return text
    return ""


def _block_text(el: HtmlElement) -> str:
    """Text of a small element, one line per block element or <br> (datelines stay lines)."""
    chunks: list[str] = []

    def walk(node: HtmlElement) -> None:
        tag = node.tag
        if not isinstance(tag, str) or tag in ("script", "style"):
            return  # comments and scripts: only their tails (added by the caller) are text
        block = tag not in _INLINE_TAGS
        if block:
            chunks.append("\n")
        chunks.append(node.text or "")
        for child in node:
            walk(child)
            chunks.append(child.tail or "")
        if block:
            chunks.append("\n")

    walk(el)
    return "\n".join(line for line in (_norm(x) for x in "".join(chunks).split("\n")) if line)


def _outside_chrome(el: HtmlElement) -> bool:
    return not any(isinstance(a.tag, str) and a.tag in _CHROME_TAGS for a in el.iterancestors())


def title_element(tree: HtmlElement, title: str = "") -> HtmlElement | None:
    """The element holding the headline: the <h1> with the title's text, else the outermost
    body element whose text is exactly the title (EWT and table layouts set it in a
    <span>/<b>), else the first <h1>."""
    h1s = _xpath(tree, "//h1")
    key = _norm(title)
    if key:
        for h1 in h1s:
            if _same(h1.text_content(), key):
                return h1
        # Text nodes, not every element's string value: one cheap pass over the page.
        for node in _xpath(tree, "//body//text()[normalize-space(.) = $title]", title=key):
            el = node.getparent()
            if el is None or el.tag in ("a", "option", "title") or not _outside_chrome(el):
                continue
            while (
                (parent := el.getparent()) is not None
                and parent.tag not in ("body", "html")
                and _same(parent.text_content(), key)
            ):
                el = parent
            return el
    return h1s[0] if h1s else None


def _is_long(el: HtmlElement) -> bool:
    """Whether an element holds more than a short line of text (normalising a prefix only)."""
    raw = el.text_content()
    return len(raw) > 8 * _SIBLING_CHARS or len(_norm(raw)) > _SIBLING_CHARS


def _lines_after(el: HtmlElement, limit: int = 3) -> list[str]:
    """Short lines right after the headline block (the dateline, the byline).

    Walks the following siblings, climbing out of wrappers the headline ends (an
    <h1> alone in its <header>), and stops at the first long text: the body.
    """
    lines: list[str] = []
    node: HtmlElement | None = el
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            break
        chunks = [node.tail or ""]
        for sib in node.itersiblings():
            if not isinstance(sib.tag, str) or sib.tag in ("script", "style"):
                chunks.append(sib.tail or "")
                continue
            if _is_long(sib):
                chunks.append("\n\x00")  # the body starts: stop here
                break
            chunks += ["\n", _block_text(sib), "\n", sib.tail or ""]
        text = "".join(chunks)
        stop = "\x00" in text
        lines += [x for x in (_norm(x) for x in text.split("\x00")[0].split("\n")) if x]
        if stop or len(lines) >= limit:
            break
        node = node.getparent()
    return [x[:_SIBLING_CHARS] for x in lines[:limit]]


def header_text(tree: HtmlElement, title: str = "") -> str:
    """Text around the headline and of small date-like elements (where datelines live)."""
    parts: list[str] = []
    el = title_element(tree, title)
    if el is not None:
        parent = el.getparent()
        small = parent is not None and parent.tag not in ("body", "html") and parent.xpath("count(.//*)") < 40
        # The headline and the short lines right under it come first: the dates stage
        # takes the earliest date of the region, and a body inside the same small
        # wrapper (EWT pages) must not get ahead of the dateline.
        parts.append(_norm(el.text_content()))
        parts += _lines_after(el)
        around = _block_text(parent) if small else ""
        if around and len(around) <= _HEADER_CHARS:
            parts.append(around)
        else:
            previous = el.getprevious()
            if previous is not None and isinstance(previous.tag, str):
                parts.append(_norm(previous.text_content()[: 4 * _SIBLING_CHARS])[:_SIBLING_CHARS])
    for node in _xpath(tree, _DATEISH)[:5]:
        text = _norm(node.text_content())
        if text and len(text) <= _SIBLING_CHARS:
            parts.append(text)
    return "\n".join(p for p in parts if p)[:_HEADER_CHARS]


def html_source_line(tree: HtmlElement) -> tuple[str | None, str | None] | None:
    """``(url, name)`` of the first source line in the page body ("ที่มา: <a href=...>").

    trafilatura drops such paragraphs as link-heavy, so the credit is read from the
    HTML: the line's text, plus its first http(s) link when the text names no URL.
    """
    # Only the labels the page's text holds are looked for: one C-level copy of the
    # text and a few substring tests spare an XPath test per label on every text node.
    body = tree.find("body")
    page_text = (body if body is not None else tree).text_content()
    labels = tuple(w for w in _SOURCE_WORDS if w in page_text)
    latin = "ource" in page_text or "OURCE" in page_text
    if not labels and not latin:
        return None
    for node in _xpath(tree, _source_query(labels, latin)):
        el = node.getparent()
        # "<p><strong>ที่มา:</strong> <a ...>" : the line is the enclosing block.
        for _ in range(3):
            if el is None or el.tag in _SOURCE_BLOCKS:
                break
            el = el.getparent()
        if el is None or el.tag in ("body", "html") or not _in_article_region(el):
            continue
        text = _norm(unicodedata.normalize("NFC", el.text_content()))
        if len(text) > _SOURCE_MAX_CHARS:
            continue
        hit = source_line(text)
        if hit is None:
            continue
        url, name = hit
        if url is None:
            href = next(
                (h.strip() for h in el.xpath(".//a/@href") if h.strip().startswith(("http://", "https://"))),
                None,
            )
            url, name = (href, name) if href else (None, name)
        if url or name:
            return url, name
    return None


def _in_article_region(el: HtmlElement) -> bool:
    """Not in page chrome, a figure, nor a sidebar, related-posts or comments block."""
    for node in (el, *el.iterancestors()):
        if not isinstance(node.tag, str):
            continue
        if node.tag in _NOT_ARTICLE_TAGS:
            return False
        marks = f"{node.get('class', '')} {node.get('id', '')}".lower()
        if any(word in marks for word in _OTHER_REGIONS):
            return False
    return True


def machine_dates(tree: HtmlElement) -> list[str]:
    """Date values from machine-readable metadata: meta tags, <time datetime>, JSON-LD."""
    found = [_norm(str(v)) for v in _xpath(tree, _DATE_META)]
    for script in _xpath(tree, "//script[@type='application/ld+json']"):
        found += _JSON_LD_DATE.findall(script.text or "")
    return [v for v in found if _ISO_DAY.search(v)]


def _page_date(doc_date: str | None, evidence: list[str]) -> str | None:
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
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS:
            chunks.append(child.text_content())
        elif isinstance(child.tag, str) and child.tag == "br":
            chunks.append("\n")
        chunks.append(child.tail or "")
    return "".join(chunks)


def fallback_text(tree: HtmlElement) -> str:
    """The largest text block of the page, as paragraphs; used when trafilatura finds nothing."""
    best, best_score = "", 0
    for el in tree.iter(*_BLOCK_TAGS):
        if any(a.tag in _CHROME_TAGS for a in el.iterancestors()):
            continue
        paras = [_own_text(el)]
        paras += [_own_text(c) for c in el if isinstance(c.tag, str) and c.tag in _PARA_TAGS]
        lines = [_norm(line) for p in paras for line in p.split("\n")]
        lines = [line for line in lines if line]
        score = sum(len(line) for line in lines)
        if score > best_score:
            best, best_score = "\n\n".join(lines), score
    return best if best_score >= _MIN_FALLBACK_CHARS else ""


def _same(a: str, b: str | None) -> bool:
    return bool(b) and _norm(a).casefold() == _norm(b).casefold()


def _affix_split(text: str, part: str, leading: tuple[str, ...] = _TITLE_SEPARATORS) -> str | None:
    """What ``text`` holds besides ``part`` when it is ``part`` + separator + rest (or reversed).

    ``leading`` limits the separators accepted after a leading ``part``.
    """
    n = len(part)
    if not part or len(text) <= n:
        return None
    key = part.casefold()
    for sep in _TITLE_SEPARATORS:
        # Slices of the original text, so that case folding cannot shift the offsets.
        if sep in leading and text[:n].casefold() == key and text[n : n + len(sep)] == sep:
            return text[n + len(sep) :].strip() or None
        if text[-n:].casefold() == key and text[-n - len(sep) : -n] == sep:
            return text[: -n - len(sep)].strip() or None
    return None


def strip_site_name(title: str, names: list[str]) -> str:
    """``title`` without a leading or trailing separator + known site name ("X - ASEAN Main Portal").

    A one-word name is not taken off the front of a title at a hyphen or dash: "ASEAN -
    Japan ..." and "Việt Nam - Hàn Quốc ..." pair two subjects, not a site and a headline.
    """
    title = _norm(title)
    for name in names:
        one_word = " " not in name.strip()
        rest = _affix_split(title, name, _UNDASHED_SEPARATORS if one_word else _TITLE_SEPARATORS)
        if rest:
            return rest
    return title


def _texts(tree: HtmlElement, query: str) -> list[str]:
    out = []
    for node in _xpath(tree, query):
        text = _norm(node if isinstance(node, str) else node.text_content())
        if text:
            out.append(text)
    return out


class _TitleFacts:
    """The page's title evidence, read once: <title>, og:title, headings, site names."""

    def __init__(self, tree: HtmlElement, doc_title: str, doc_sitename: str | None) -> None:
        self.doc_title = _norm(doc_title)
        self.page_title = _first_text(tree, "/html/head/title") or _first_text(tree, "//title")
        self.og_title = _first_text(tree, "//meta[@property='og:title']/@content")
        self.post_headings = _texts(tree, _POST_HEADINGS)
        if not self.post_headings:
            marked = _texts(tree, _MARKED_HEADLINES)
            self.post_headings = marked if len(marked) == 1 else []
        self.h1s = _texts(tree, "//h1")
        if not self.post_headings and not self.h1s and self.page_title:
            # No <h1> (SharePoint and table layouts): an <h2>/<h3> that is one part of
            # "Site - Headline" in <title> is the headline.
            self.post_headings = [
                h for h in _texts(tree, "//body//h2 | //body//h3") if _affix_split(self.page_title, h)
            ][:1]
        declared = _texts(
            tree,
            "//meta[@property='og:site_name' or @name='application-name' or @name='og:site_name']/@content",
        )
        mastheads = [t for t in _texts(tree, _SITE_TITLES) if len(t) <= _MAX_SITE_NAME]
        known = [*declared, *mastheads]
        headlines = [
            h
            for h in (*self.post_headings, *self.h1s, self.og_title)
            if h and not any(_same(h, k) for k in known)
        ]

        def headline_like(text: str) -> bool:
            return any(_same(text, h) for h in headlines)

        # The <title> part left when a heading is taken out is the site's name (the
        # shared suffix a home page would show), the only name many old sites give.
        # When both parts are headings (two <h1>s), the trailing one is the site.
        derived = [
            rest
            for full in (self.page_title, self.og_title, self.doc_title)
            for head in headlines
            if full
            and (rest := _affix_split(full, head))
            and (not headline_like(rest) or full[: len(head)].casefold() == head.casefold())
        ]
        # trafilatura takes a <title> part with a dot for the site name, and Thai
        # abbreviations carry dots ("วว. ร่วมมือ ... | TISTR Blog"): a headline is no name.
        self.doc_sitename = doc_sitename if doc_sitename and not headline_like(doc_sitename) else None
        names = [*known, *derived, *([self.doc_sitename] if self.doc_sitename else [])]
        self.site_names = [
            n
            for i, n in enumerate(names)
            if len(n) <= _MAX_SITE_NAME and not any(_same(n, m) for m in names[:i])
        ]

    def is_site(self, text: str) -> bool:
        return any(_same(text, name) for name in self.site_names)

    def headline(self) -> str:
        """The post's own heading: a post-title class, else an <h1> that opens <title>."""
        for heading in self.post_headings:
            if not self.is_site(heading):
                return heading
        for heading in self.h1s:
            if (
                not self.is_site(heading)
                and self.page_title
                and (_same(heading, self.page_title) or _affix_split(self.page_title, heading))
            ):
                return heading
        return ""

    def sitename(self) -> str | None:
        """The site's name for the record: trafilatura's unless it is really a headline."""
        return self.doc_sitename or (self.site_names[0] if self.site_names else None)


def choose_title(tree: HtmlElement, doc_title: str, doc_sitename: str | None) -> tuple[str, str | None]:
    """The article title without the site name, and the site's name (or None).

    trafilatura's title is kept unless it is empty or only the site name, or the
    post heading is that title with a site name attached; then the post heading
    (post-title classes, an <h1> opening <title>), any other <h1>, og:title.
    """
    facts = _TitleFacts(tree, doc_title, doc_sitename)
    title = strip_site_name(facts.doc_title, facts.site_names)
    headline = facts.headline()
    # A <title> that is all there is of the title and does not hold the post's own
    # heading names the site (EWT pages title every page with the agency's name).
    whole_page_title = _same(title, facts.page_title) and headline.casefold() not in title.casefold()
    if headline and (not title or facts.is_site(title) or _affix_split(title, headline) or whole_page_title):
        title = headline
    if not title or facts.is_site(title):
        for candidate in (*facts.h1s, strip_site_name(facts.og_title, facts.site_names)):
            if candidate and not facts.is_site(candidate):
                title = candidate
                break
    return title, facts.sitename()


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


def _paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


class ExtractStage:
    """Fills title, text, ``metadata["sitename"]`` and the page facts in ``meta``.

    ``meta`` keys: ``page_date``, ``page_date_machine``, ``page_date_guess``,
    ``html_lang``, ``header_text`` and ``html_source`` (``(url, name)`` of a source
    line read from the HTML, or None; the clean stage falls back on it).
    """

    name: ClassVar[str] = "extract"

    def __init__(self, context: PipelineContext) -> None:
        self.context = context
        self.max_chars = int(context.setting("CLEAN_MAX_HTML_BYTES", DEFAULT_MAX_HTML))

    def _parse(self, html: str) -> HtmlElement | None:
        try:
            tree = load_html(html[: self.max_chars])
        except (ParserError, XMLSyntaxError, ValueError, TypeError):
            return None
        return tree if isinstance(tree, HtmlElement) else None

    def __call__(self, article: Article) -> Article:
        tree = self._parse(article.html) if article.html.strip() else None
        if tree is None:
            raise RejectArticle("empty", "no parsable HTML")
        unwrap_layout_tables(tree)
        doc = bare_extraction(
            tree,
            url=article.url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        text = _paragraphs(getattr(doc, "text", None) or "") if doc is not None else ""
        if not text:
            text = fallback_text(tree)
            if text:
                article.add_error(self.name, "fallback", "no trafilatura text: largest block used")
        if not text:
            raise RejectArticle("empty", "no text on the page")

        article.title, sitename = choose_title(
            tree, getattr(doc, "title", None) or "", _norm(getattr(doc, "sitename", None)) or None
        )
        article.text = text
        if sitename:
            article.metadata.setdefault("sitename", sitename)
        evidence = machine_dates(tree)
        doc_date = getattr(doc, "date", None)
        article.meta["page_date"] = _page_date(doc_date, evidence)
        article.meta["page_date_machine"] = bool(evidence)
        if doc_date and not evidence:
            article.meta["page_date_guess"] = doc_date
        article.meta["html_lang"] = html_lang(tree)
        article.meta["header_text"] = header_text(tree, article.title)
        article.meta["html_source"] = html_source_line(tree)
        return article


class ExtractPipeline(StagePipeline):
    stage_class = ExtractStage
