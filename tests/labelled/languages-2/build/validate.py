"""Standalone validator for tests/labelled/languages-2 (does not import stiwatch)."""
import datetime, glob, os, re, sys, yaml
NEW=os.path.dirname(os.path.dirname(os.path.abspath(__file__))); OLD=os.path.join(os.path.dirname(NEW),"languages")
ids=set(); ok=True; rows=[]
old_items=[]
for f in sorted(glob.glob(OLD+"/*.yaml")):
    old_items+=yaml.safe_load(open(f,encoding="utf-8"))["items"]
old_ids={i["id"] for i in old_items}
old_urls={i.get("url") for i in old_items if i.get("url")}
old_paths={(i["provenance"].get("path")) for i in old_items if i["provenance"].get("path")}
old_titles={(i.get("title") or "").strip() for i in old_items if i.get("title")}
old_first={i["text"].strip().split("\n")[0].strip() for i in old_items}
def first_line(t):
    for l in t.split("\n"):
        if len(l.strip())>25: return l.strip()
    return t.strip()
old_firsts={first_line(i["text"]) for i in old_items}
for lang in ["id","ms","tl","km","lo","my"]:
    d=yaml.safe_load(open(f"{NEW}/{lang}.yaml",encoding="utf-8"))
    items=d["items"]; dated=neg=0
    for i,it in enumerate(items,1):
        e=lambda m: print("ERROR",it.get("id"),m) or False
        if it["id"]!=f"{lang}-2-{i:03d}": ok=e("id sequence")
        if it["id"] in ids or it["id"] in old_ids: ok=e("duplicate id")
        ids.add(it["id"])
        if it["language"]!=lang: ok=e("language")
        if it["kind"] not in ("article","headline"): ok=e("kind")
        if it["encoding"] not in ("unicode","zawgyi"): ok=e("encoding")
        dt=it.get("date_text"); pub=it.get("published")
        if dt is not None and dt not in it["text"]: ok=e("date_text not in text")
        if pub is not None:
            if not isinstance(pub,datetime.date): ok=e("published not a date")
            if dt is None or not it.get("date_basis"): ok=e("published without date_text/basis")
            if it["date_basis"] not in ("date_line","dateline","lead","body_reference","caption","source_credit","headline"): ok=e("basis")
            dated+=1
        else:
            if dt is not None: ok=e("date_text without published")
            neg+=1
        if it.get("corpus_date") is not None and not isinstance(it["corpus_date"],datetime.date): ok=e("corpus_date")
        if it.get("url") and it["url"] in old_urls: ok=e("url overlaps old set")
        p=it["provenance"]
        for k in ("repository","path","commit","licence"):
            if k not in p: ok=e("provenance key "+k)
        if p.get("path") and p["path"] in old_paths: ok=e("path overlaps old set")
        if it.get("title") and it["title"].strip() in old_titles: ok=e("title overlaps old set")
        if first_line(it["text"]) in old_firsts: ok=e("opening line overlaps old set")
        if not it.get("note"): ok=e("no note")
    rows.append((lang,len(items),dated,neg))
print("lang items dated null")
for r in rows: print(*r)
print("total",sum(r[1] for r in rows),sum(r[2] for r in rows),sum(r[3] for r in rows))
sys.exit(0 if ok else 1)
