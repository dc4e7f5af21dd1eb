"""Validate the six YAML files with PyYAML: structure, unique ids, date_text substrings."""
import datetime
import glob
import os
import sys
import unicodedata

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LANGS = ["id", "ms", "tl", "km", "lo", "my"]
REQUIRED = ["id", "language", "kind", "text", "published", "date_text", "url", "provenance",
            "encoding", "trimmed"]
BASES = {None, "dateline", "date_line", "lead", "body_reference", "caption", "source_credit", "headline"}

errors = []
ids = set()
stats = {}
for lang in LANGS:
    path = os.path.join(ROOT, f"{lang}.yaml")
    data = yaml.safe_load(open(path, encoding="utf-8"))
    items = data["items"]
    n = dated = heads = zaw = 0
    for i, it in enumerate(items, 1):
        for k in REQUIRED:
            if k not in it:
                errors.append(f"{lang}:{i} missing {k}")
        if it["id"] != f"{lang}-{i:03d}":
            errors.append(f"{lang}:{i} bad id {it['id']}")
        if it["id"] in ids:
            errors.append(f"duplicate id {it['id']}")
        ids.add(it["id"])
        if it["language"] != lang:
            errors.append(f"{it['id']} language {it['language']}")
        if it["kind"] not in ("article", "headline"):
            errors.append(f"{it['id']} kind")
        if it["encoding"] not in ("unicode", "zawgyi"):
            errors.append(f"{it['id']} encoding")
        if it["encoding"] == "zawgyi" and lang != "my":
            errors.append(f"{it['id']} zawgyi outside my")
        t = it["text"]
        if not isinstance(t, str) or not t.strip():
            errors.append(f"{it['id']} empty text")
        if t != t.strip():
            errors.append(f"{it['id']} leading/trailing whitespace")
        if "\ufffd" in t:
            errors.append(f"{it['id']} replacement char in text")
        pub, dt = it["published"], it["date_text"]
        if pub is not None and not isinstance(pub, datetime.date):
            errors.append(f"{it['id']} published not a date")
        if (pub is None) != (dt is None):
            errors.append(f"{it['id']} published/date_text mismatch")
        if dt is not None and dt not in t:
            errors.append(f"{it['id']} date_text not in text")
        if it.get("date_basis") not in BASES:
            errors.append(f"{it['id']} date_basis {it.get('date_basis')}")
        if "corpus_date" in it and not isinstance(it["corpus_date"], datetime.date):
            errors.append(f"{it['id']} corpus_date")
        if pub and (pub.year < 1990 or pub > datetime.date(2026, 12, 31)):
            errors.append(f"{it['id']} implausible published {pub}")
        if it["kind"] == "headline" and len(t) > 200:
            errors.append(f"{it['id']} headline too long")
        if not isinstance(it["provenance"], dict) or "licence" not in it["provenance"]:
            errors.append(f"{it['id']} provenance/licence")
        n += 1
        dated += pub is not None
        heads += it["kind"] == "headline"
        zaw += it["encoding"] == "zawgyi"
    stats[lang] = (n, dated, heads, zaw)

for lang, (n, d, h, z) in stats.items():
    print(f"{lang}: {n} items, {d} with published, {h} headlines, {z} zawgyi")
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("OK: all files parse with PyYAML; ids unique across files; every date_text is a substring of its text")
