import json, subprocess, datetime as dt, sys
import os; sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from common2 import first_paragraphs
REPO="mesolitica/malaysian-dataset"; M="/work/.mirror/mesolitica+malaysian-dataset/repo"; C="f6e226fc08b135622f415b6a8abac9fd771befe1"
LIC=("Apache-2.0 (repository licence); the crawl README states 'The copyright data remains with the original owners of the data, do not use this data for commercial purpose'")
_c={}
def load(path):
    if path not in _c: _c[path]=json.loads(subprocess.run(["git","-C",M,"show",f"{C}:{path}"],capture_output=True,check=True).stdout)
    return _c[path]
def mdy(s):
    m,d,y=s.replace("/","-").split("-"); return dt.date(int(y),int(m),int(d))
def news(fname, idx, lang, published=None, date_text=None, date_basis=None, note="", min_chars=500):
    path=f"bahasa/news/{fname}.json"; x=load(path)[idx]
    text,tr=first_paragraphs(x["text"],min_chars=min_chars)
    if date_text: assert date_text in text, (fname, idx, date_text)
    base=f"{x['news']}; corpus 'date' field {x['date']} (MM-DD-YYYY, recorded as corpus_date); crawler language tag '{x['language']}'. "
    return dict(kind="article", language=lang, text=text, title=x["title"] or None, published=published, date_text=date_text,
        date_basis=date_basis, corpus_date=mdy(x["date"]), url=x["url"], provenance={"repository":REPO,"path":f"{path} [{idx}]","commit":C,"licence":LIC},
        encoding="unicode", trimmed=tr, note=base+note)
