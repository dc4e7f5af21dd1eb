import io, zipfile, subprocess, re, datetime, yaml, os
FIELDS = ["id","language","kind","text","title","published","date_text","date_basis","corpus_date","url","provenance","encoding","trimmed","note"]
def first_paragraphs(text, min_chars=700, max_chars=1600):
    lines = text.split("\n"); out, n = [], 0
    for ln in lines:
        if n >= min_chars: break
        if n + len(ln) > max_chars and out: break
        out.append(ln); n += len(ln) + 1
    cut = "\n".join(out).rstrip("\n")
    return cut, cut.rstrip() != text.rstrip()
class _Lit(str): pass
yaml.SafeDumper.add_representer(_Lit, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style="|"))
OUT=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def write_yaml(lang, items, header):
    os.makedirs(OUT, exist_ok=True)
    out=[]
    for i, it in enumerate(items, 1):
        it=dict(it); it["id"]=f"{lang}-2-{i:03d}"; it.setdefault("language", lang)
        t=it["text"]; dt=it.get("date_text")
        if dt is not None: assert dt in t, (it["id"], dt)
        if it.get("published") is not None: assert isinstance(it["published"], datetime.date) and dt
        rec={}
        for k in FIELDS:
            if (k in it and it[k] is not None) or k in ("published","date_text","url"):
                v=it.get(k)
                if k=="text" and "\n" in v and not re.search(r"[ \t]\n|[ \t]$", v): v=_Lit(v)
                rec[k]=v
        assert not set(it)-set(FIELDS), set(it)-set(FIELDS)
        out.append(rec)
    p=os.path.join(OUT, f"{lang}.yaml")
    with open(p,"w",encoding="utf-8") as f:
        f.write(header.rstrip()+"\n")
        yaml.safe_dump({"items":out}, f, allow_unicode=True, sort_keys=False, width=100000, default_flow_style=False)
    back=yaml.safe_load(open(p,encoding="utf-8"))
    for a,b in zip(out, back["items"]): assert str(a["text"])==b["text"], a["id"]
    return p
def header(name, lang):
    return f"# stiwatch held-out evaluation set 2: {name} ({lang}) -- language ID and publication-date extraction.\n# Real published texts, labelled by reading them. See README.md for sources, licences and labelling rules.\n"
PAGE_PROV = {"repository": None, "path": None, "commit": None,
    "source": "stored public web page (the session search tool's 'pages' corpus); text copied from the excerpt, which starts at the page's beginning",
    "licence": "none stated: the publisher's copyright applies; short excerpt kept for evaluation only"}
def page(kind, url, text, published=None, date_text=None, date_basis=None, note=None, corpus_date=None, encoding="unicode", title=None, language=None, trimmed=None):
    d=dict(kind=kind, text=text, title=title, published=published, date_text=date_text, date_basis=date_basis, corpus_date=corpus_date, url=url, provenance=dict(PAGE_PROV), encoding=encoding, trimmed=(kind=="article") if trimmed is None else trimmed, note=note)
    if language: d["language"]=language
    return d
