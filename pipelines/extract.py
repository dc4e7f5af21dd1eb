"""Main-text extraction with trafilatura, plus what later stages need from the page.

The page is parsed once; trafilatura gets the parsed tree (it works on its own
copy) and this module reads the rest from the same tree: the declared language,
the <h1>/og:title, the header region where date lines live, and whether the page
carries machine-readable date metadata (htmldate's answer is trusted only then).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any, ClassVar

from lxml.etree import ParserError, XMLSyntaxError  # type: ignore[import-untyped]
from lxml.html import HtmlElement  # type: ignore[import-untyped]
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
    "//meta["
    + " or ".join(
        f"contains(@{attr}, '{word}')"
        for attr in ("property", "name", "itemprop")
        for word in _DATE_WORDS
    )
    + "]/@content | //time/@datetime | //*[starts-with(@itemprop, 'date')]/@datetime"
)
_JSON_LD_DATE = re.compile(r'"(?:datePublished|dateCreated|uploadDate)"\s*:\s*"([^"]+)"')
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")
_NS = {"re": "http://exslt.org/regular-expressions"}
_DATEISH = (
    "//*[not(self::body) and not(self::html) and ("
    + " or ".join(
        f"contains(@class, '{word}')"
        for word in ("date", "time", "posted", "published", "meta", "info", "byline")
    )
    # Small elements only: text_content() of a page-wide container costs more than it gives.
    + ")][count(.//*) < 12]"
)
_BLOCK_TAGS = frozenset(
    {"div", "td", "article", "section", "main", "body", "blockquote", "p", "pre", "li"}
)
_PARA_TAGS = frozenset({"p", "h2", "h3", "h4", "li", "blockquote", "pre", "div"})
_INLINE_TAGS = frozenset(
    {"a", "b", "strong", "span", "em", "i", "u", "font", "small", "sup", "sub", "mark"}
)
_CHROME_TAGS = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "select", "button"}
)

# Titles: "Headline - Site" (Yoast and most CMS themes) and "Site | Headline".
_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " « ", " » ", " · ")
_MAX_SITE_NAME = 100
# Class words themes give the heading of the post itself (WordPress, Elementor, news CMSs)...
_POST_TITLE_CLASSES = (
    "entry-title", "post-title", "title-detail", "detail-title", "article-title",
    "article__title", "news-title", "single-title",
)
# ... and the masthead naming the site, which classic themes also mark up as an <h1>.
_SITE_TITLE_CLASSES = ("site-title", "site-name", "site-logo", "logo", "brand")


def _class_test(words: tuple[str, ...]) -> str:
    return " or ".join(f"contains(@class, '{w}')" for w in words)


_POST_HEADINGS = f"//h1[{_class_test(_POST_TITLE_CLASSES)}] | //h2[{_class_test(_POST_TITLE_CLASSES)}]"
_SITE_TITLES = f"//body//*[{_class_test(_SITE_TITLE_CLASSES)}][count(.//*) < 6]"

# Source lines (ที่มา, แหล่งที่มา, Nguồn, Source) found on text nodes: one pass over the text,
# never the string value of every element. Vietnamese may come decomposed (NFD).
_SOURCE_LABELS = ("ที่มา", "แหล่งที่มา", "แหล่งข่าว", "Nguồn", "NGUỒN", "nguồn")
_SOURCE_TEXT = (
    "//body//text()["
    + " or ".join(
        f"starts-with(normalize-space(.), '{label}')"
        for label in {*_SOURCE_LABELS, *(unicodedata.normalize("NFD", x) for x in _SOURCE_LABELS)}
    )
    + " or starts-with(translate(normalize-space(.), 'SOURCE', 'source'), 'source')]"
)
_SOURCE_BLOCKS = frozenset({"p", "div", "li", "td", "dd", "figcaption", "blockquote", "section"})
_SOURCE_MAX_CHARS = 300
# Class or id words of page regions whose source lines belong to other articles.
_OTHER_REGIONS = ("sidebar", "widget", "related", "comment", "footer", "menu")


def _norm(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _xpath(tree: HtmlElement, query: str) -> list[Any]:
    try:
        result = tree.xpath(query, namespaces=_NS)
    except (XMLSyntaxError, ValueError):
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


def header_text(tree: HtmlElement) -> str:
    """Text around the first <h1> and of small date-like elements (where datelines live)."""
    parts: list[str] = []
    h1s = _xpath(tree, "//h1")
    if h1s:
        h1 = h1s[0]
        parent = h1.getparent()
        small = parent is not None and parent.xpath("count(.//*)") < 40
        around = _norm(parent.text_content()) if small else ""
        if around and len(around) <= _HEADER_CHARS:
            parts.append(around)
        else:
            parts.append(_norm(h1.text_content()))
            for sibling in (h1.getprevious(), h1.getnext()):
                if sibling is not None and isinstance(sibling.tag, str):
                    parts.append(_norm(sibling.text_content())[:_SIBLING_CHARS])
    for node in _xpath(tree, _DATEISH)[:5]:
        text = _norm(node.text_content())
        if text and len(text) <= _SIBLING_CHARS:
            parts.append(text)
    return "\n".join(p for p in parts if p)[:_HEADER_CHARS]


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


def _affix_split(text: str, part: str) -> str | None:
    """What ``text`` holds besides ``part`` when it is ``part`` + separator + rest (or reversed)."""
    low, key = text.casefold(), part.casefold()
    for sep in _TITLE_SEPARATORS:
        if low.startswith(key + sep.casefold()):
            return text[len(part) + len(sep):].strip() or None
        if low.endswith(sep.casefold() + key):
            return text[: len(text) - len(part) - len(sep)].strip() or None
    return None


def strip_site_name(title: str, names: list[str]) -> str:
    """``title`` without a leading or trailing separator + known site name ("X - ASEAN Main Portal")."""
    title = _norm(title)
    for name in names:
        rest = _affix_split(title, name)
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
        self.page_title = _first_text(tree, "//head//title") or _first_text(tree, "//title")
        self.og_title = _first_text(tree, "//meta[@property='og:title']/@content")
        self.post_headings = _texts(tree, _POST_HEADINGS)
        self.h1s = _texts(tree, "//h1")
        declared = _texts(
            tree,
            "//meta[@property='og:site_name' or @name='application-name' or @name='og:site_name']"
            "/@content",
        )
        mastheads = [t for t in _texts(tree, _SITE_TITLES) if len(t) <= _MAX_SITE_NAME]
        headlines = [*self.post_headings, *self.h1s, self.og_title]
        # The <title> part left when a heading is taken out is the site's name (the
        # shared suffix a home page would show), the only name many old sites give.
        derived = [
            rest
            for full in (self.page_title, self.og_title, self.doc_title)
            for head in headlines
            if full and head and (rest := _affix_split(full, head))
        ]
        names = [*declared, *mastheads, *derived]
        # trafilatura takes a <title> part with a dot for the site name, and Thai
        # abbreviations carry dots ("วว. ร่วมมือ ... | TISTR Blog"): a headline is no name.
        if doc_sitename and not any(_same(doc_sitename, h) for h in headlines if h):
            names.append(doc_sitename)
        self.site_names = [
            n for i, n in enumerate(names)
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
            if not self.is_site(heading) and self.page_title and (
                _same(heading, self.page_title) or _affix_split(self.page_title, heading)
            ):
                return heading
        return ""

    def sitename(self) -> str | None:
        """The site's name for the record: trafilatura's unless it is really a headline."""
        return self.site_names[0] if self.site_names else None


def choose_title(tree: HtmlElement, doc_title: str, doc_sitename: str | None) -> tuple[str, str | None]:
    """The article title without the site name, and the site's name (or None).

    trafilatura's title is kept unless it is empty or only the site name, or the
    post heading is that title with a site name attached; then the post heading
    (post-title classes, an <h1> opening <title>), any other <h1>, og:title.
    """
    facts = _TitleFacts(tree, doc_title, doc_sitename)
    title = strip_site_name(facts.doc_title, facts.site_names)
    headline = facts.headline()
    if headline and (not title or facts.is_site(title) or _affix_split(title, headline)):
        title = headline
    if not title or facts.is_site(title):
        for candidate in (*facts.h1s, strip_site_name(facts.og_title, facts.site_names)):
            if candidate and not facts.is_site(candidate):
                title = candidate
                break
    return title, facts.sitename()


def _paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


class ExtractStage:
    """Fills title, text, ``metadata["sitename"]`` and the page facts in ``meta``."""

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

        sitename = _norm(getattr(doc, "sitename", None)) or None
        article.title = _choose_title(getattr(doc, "title", None) or "", sitename, tree)
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
        article.meta["header_text"] = header_text(tree)
        return article


class ExtractPipeline(StagePipeline):
    stage_class = ExtractStage
