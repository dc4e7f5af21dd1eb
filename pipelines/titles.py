"""The article title without the site's name, and the site's name.

"Headline - ASEAN Main Portal" in <title>; the post heading when trafilatura took a
masthead <h1>; the one element marked as the headline on table-layout CMSs.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from stiwatch.pipelines.pagetree import first_text, norm, same, texts

# Titles: "Headline - Site" (Yoast and most CMS themes) and "Site | Headline".
_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " « ", " » ", " · ")
_UNDASHED_SEPARATORS = tuple(sep for sep in _TITLE_SEPARATORS if sep.strip() not in "-–—")
_MAX_SITE_NAME = 100
_NAME_PARTS = re.compile(r"\s+[-–|]\s+|[()]")
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
    title = norm(title)
    for name in names:
        one_word = " " not in name.strip()
        rest = _affix_split(title, name, _UNDASHED_SEPARATORS if one_word else _TITLE_SEPARATORS)
        if rest:
            return rest
    return title


def _host_word(host: str | None) -> str:
    """The word a host names its site by: "asean" for www.asean.org, "nxpo" for nxpo.or.th."""
    labels = [p for p in (host or "").casefold().split(".") if p and p not in ("www", "th", "vn")]
    return labels[0] if labels else ""


class _TitleFacts:
    """The page's title evidence, read once: <title>, og:title, headings, site names."""

    def __init__(
        self,
        tree: HtmlElement,
        doc_title: str,
        doc_sitename: str | None,
        host: str | None,
        source: str | None,
    ) -> None:
        self.doc_title = norm(doc_title)
        self.host_word = _host_word(host)
        # The registry's name of the source, in its parts: "MTIC Brunei - CREATES (Centre
        # for ...)" names the site "MTIC Brunei", "CREATES" or "Centre for ...".
        self.source_names = [norm(p) for p in _NAME_PARTS.split(source or "") if norm(p)]
        self.page_title = first_text(tree, "/html/head/title") or first_text(tree, "//title")
        self.og_title = first_text(tree, "//meta[@property='og:title']/@content")
        declared = texts(
            tree,
            "//meta[@property='og:site_name' or @name='application-name' or @name='og:site_name']/@content",
        )
        mastheads = [t for t in texts(tree, _SITE_TITLES) if len(t) <= _MAX_SITE_NAME]
        known = [*declared, *mastheads, *self.source_names]
        self.post_headings = texts(tree, _POST_HEADINGS)
        if not self.post_headings:
            marked = texts(tree, _MARKED_HEADLINES)
            self.post_headings = marked if len(marked) == 1 else []
        self.h1s = texts(tree, "//h1")
        if not self.post_headings and not self.h1s and self.page_title:
            # No <h1> (SharePoint and table layouts): an <h2>/<h3> that is one part of
            # "Site - Headline" in <title> is the headline, when the other part is the
            # site's name ("ไทย - ญี่ปุ่น ..." is a headline with a hyphen, not "Site - ...").
            self.post_headings = [
                h
                for h in texts(tree, "//body//h2 | //body//h3")
                if (rest := _affix_split(self.page_title, h)) and self._named(rest, known)
            ][:1]
        headlines = [
            h
            for h in (*self.post_headings, *self.h1s, self.og_title)
            if h and not any(same(h, k) for k in known)
        ]

        def headline_like(text: str) -> bool:
            return any(same(text, h) for h in headlines)

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
        names = [*declared, *mastheads, *derived, *([self.doc_sitename] if self.doc_sitename else [])]
        names += self.source_names
        self.site_names = [
            n
            for i, n in enumerate(names)
            if len(n) <= _MAX_SITE_NAME and not any(same(n, m) for m in names[:i])
        ]

    def _named(self, text: str, names: list[str]) -> bool:
        """``text`` is one of ``names`` or carries the host's word ("ASEAN Main Portal")."""
        word = self.host_word
        return any(same(text, n) for n in names) or (
            len(word) >= 3 and word in text.casefold().replace(" ", "")
        )

    def is_site(self, text: str) -> bool:
        return self._named(text, self.site_names)

    def fragment_rest(self, title: str) -> str | None:
        """What <title> holds besides ``title`` when ``title`` is only a part of it."""
        if not title or not self.page_title or same(title, self.page_title):
            return None
        return _affix_split(self.page_title, title)

    def headline(self) -> str:
        """The post's own heading: a post-title class, else an <h1> that opens <title>."""
        for heading in self.post_headings:
            if not self.is_site(heading):
                return heading
        for heading in self.h1s:
            if (
                not self.is_site(heading)
                and self.page_title
                and (same(heading, self.page_title) or _affix_split(self.page_title, heading))
            ):
                return heading
        return ""

    def sitename(self) -> str | None:
        """The site's name for the record: trafilatura's unless it is really a headline."""
        return self.doc_sitename or (self.site_names[0] if self.site_names else None)


def choose_title(
    tree: HtmlElement,
    doc_title: str,
    doc_sitename: str | None,
    host: str | None = None,
    source_name: str | None = None,
) -> tuple[str, str | None]:
    """The article title without the site name, and the site's name (or None).

    trafilatura's title is kept unless it is empty or only the site name, or the
    post heading is that title with a site name attached; then the post heading
    (post-title classes, an <h1> opening <title>), any other <h1>, og:title. A part of
    <title> is taken off only when it is the site's name (declared, a masthead, learnt
    beside a marked headline, a part of the registry's ``source_name``, or carrying the
    word of ``host``): trafilatura cuts a <title> without <h1> at its first " - ", which
    halves "ไทย - ญี่ปุ่น ...".
    """
    facts = _TitleFacts(tree, doc_title, doc_sitename, host, source_name)
    title = strip_site_name(facts.doc_title, facts.site_names)
    rest = facts.fragment_rest(title)
    if rest is not None and not facts.is_site(rest) and not facts.headline():
        title = strip_site_name(facts.page_title, facts.site_names)
    headline = facts.headline()
    # A <title> that is all there is of the title and does not hold the post's own
    # heading names the site (EWT pages title every page with the agency's name).
    whole_page_title = same(title, facts.page_title) and headline.casefold() not in title.casefold()
    if headline and (not title or facts.is_site(title) or _affix_split(title, headline) or whole_page_title):
        title = headline
    if not title or facts.is_site(title):
        for candidate in (*facts.h1s, strip_site_name(facts.og_title, facts.site_names)):
            if candidate and not facts.is_site(candidate):
                title = candidate
                break
    return title, facts.sitename()
