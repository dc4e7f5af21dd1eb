"""Malay and Indonesian items from mesolitica/malaysian-dataset (formerly huseinzol05/Malaya-Dataset).

bahasa/news/*.json (commit f6e226fc..., 2019): crawled news with fields
language/date/news/title/url/text.  'language' is the crawler's guess and calls
Malay text 'INDONESIA' or 'id' -- labels here come from reading the text.
corpus/language-detection/notebook/indon-news.json (HEAD): Indonesian news texts only.
"""
import datetime as dt
import json
import subprocess

from common import first_paragraphs

REPO = "mesolitica/malaysian-dataset"
MIRROR = "/work/.mirror/mesolitica+malaysian-dataset/repo"
C_NEWS = "f6e226fc08b135622f415b6a8abac9fd771befe1"
C_HEAD = "297ebe60c9c2a55c9f8b760a71ba3bad2ff09859"
LIC = ("Apache-2.0 (repository licence); the crawl README states 'The copyright data remains "
       "with the original owners of the data, do not use this data for commercial purpose'")

_cache = {}


def load(commit, path):
    k = (commit, path)
    if k not in _cache:
        out = subprocess.run(["git", "-C", MIRROR, "show", f"{commit}:{path}"],
                             capture_output=True, check=True).stdout
        _cache[k] = json.loads(out)
    return _cache[k]


def mdy(s):
    s = s.replace("/", "-")
    m, d, y = s.split("-")
    return dt.date(int(y), int(m), int(d))


def news(fname, idx, lang, published=None, date_text=None, date_basis=None, note="",
         min_chars=500, headline=False):
    path = f"bahasa/news/{fname}.json"
    x = load(C_NEWS, path)[idx]
    prov = {"repository": REPO, "path": f"{path} [{idx}]", "commit": C_NEWS, "licence": LIC}
    cdate = mdy(x["date"])
    base = f"{x['news']}; corpus 'date' field {x['date']} (MM-DD-YYYY, recorded as corpus_date); crawler language tag '{x['language']}'. "
    if headline:
        return dict(kind="headline", language=lang, text=x["title"], published=published,
                    date_text=date_text, date_basis=date_basis, corpus_date=cdate,
                    url=x["url"], provenance=prov, encoding="unicode", trimmed=False,
                    note="article title field. " + base + note)
    text, trimmed = first_paragraphs(x["text"], min_chars=min_chars)
    return dict(kind="article", language=lang, text=text, title=x["title"] or None,
                published=published, date_text=date_text, date_basis=date_basis,
                corpus_date=cdate, url=x["url"], provenance=prov, encoding="unicode",
                trimmed=trimmed, note=base + note)


def indon(idx, published, date_text, date_basis, note, min_chars=600):
    path = "corpus/language-detection/notebook/indon-news.json"
    x = load(C_HEAD, path)[idx]
    if date_text:
        min_chars = max(min_chars, x["text"].index(date_text) + len(date_text))
    text, trimmed = first_paragraphs(x["text"], min_chars=min_chars, max_chars=2400)
    return dict(kind="article", language="id", text=text, published=published,
                date_text=date_text, date_basis=date_basis, url=None,
                provenance={"repository": REPO, "path": f"{path} [{idx}]", "commit": C_HEAD,
                            "licence": LIC},
                encoding="unicode", trimmed=trimmed, note=note)


D = dt.date
DL = "Utusan Malaysia dateline with day and Malay month abbreviation, no year: "
SOFT = " The text contains soft hyphens (U+00AD) from the site."


def ms_items():
    return [
        news("isu teknologi", 9, "ms", note=DL + "'KUALA LUMPUR 21 Mac' (Mac = March; Indonesian would be Maret)." + SOFT),
        news("isu teknologi", 2, "ms", note=DL + "'BEIJING 21 Ogos' (Ogos = August; Indonesian Agustus); the corpus date is one day earlier (08-20-2018), probably a UTC timestamp."),
        news("isu teknologi", 33, "ms", note=DL + "'PARIS 24 Julai' (Julai = July; Indonesian Juli)." + SOFT),
        news("isu teknologi", 143, "ms", note=DL + "'LONDON 5 Dis.' (Dis. = Disember; Indonesian Des./Desember)." + SOFT),
        news("isu teknologi", 55, "ms", note=DL + "'CYBERJAYA 26 Okt.'; corpus date 10-25-2017 is a day earlier. Uses 'kerajaan' and 'teknologi maklumat'."),
        news("isu teknologi", 106, "ms", note=DL + "'PUTRAJAYA 30 Nov.'. ASEAN ICT rules (Deputy Minister of Communications and Multimedia)."),
        news("isu teknologi", 103, "ms", note=DL + "'KUCHING 4 Mac'. Minister of Science, Technology and Innovation on STEM enrolment."),
        news("isu teknologi", 41, "ms", note=DL + "'KUALA LUMPUR 12 Feb.'; corpus date 02-11-2018. MTDC technology fund."),
        news("isu teknologi", 124, "ms", note=DL + "'PUTRAJAYA 16 Jun-' (no space before the dash). SKMM/MYNIC .my outage."),
        news("isu cyberjaya", 1, "ms", note=DL + "'KUALA LUMPUR 27 Ogos'. Cyberjaya/MSC smart city; 'kerajaan ... teknologi baharu'."),
        news("isu teknologi", 71, "ms", headline=True, note="Malay headline; no date."),
        news("isu teknologi", 42, "ms", headline=True, note="Short Malay headline that is hard to separate from Indonesian ('dijangka' is Malay; Indonesian would say 'diperkirakan')."),
        news("isu teknologi", 92, "ms", headline=True, note="Very short Malay headline (MARDI = Malaysian Agricultural Research and Development Institute); almost no language-specific words."),
        news("isu teknologi", 44, "ms", published=D(2018, 7, 7), date_text="07 JULAI 2018", date_basis="headline",
             headline=True, note="The column title carries its date in Malay (JULAI = July); the corpus date field (07-04-2018) disagrees."),
    ]


def id_items():
    return [
        indon(134, D(2020, 2, 28), "Jumat (28/2/2020)", "body_reference",
              "Bisnis.com. Indonesian convention 'weekday (d/m/yyyy)' for the day of the reported statement; no other publication date in the text. 'Pemerintah', 'Agustus', 'Januari' (Malay would use kerajaan/Ogos). ASEAN Agreement on e-Commerce; also mentions the past date '22 Januari 2019' (signing) before the reference date."),
        indon(42, D(2019, 12, 7), "Sabtu (7/12/2019)", "body_reference",
              "Technologue.id; the reference date appears in the 4th paragraph. Telkomsel digital lifestyle."),
        indon(410, D(2020, 3, 8), "Minggu (8/3/2020)", "body_reference",
              "KABAR.NEWS; text starts with a photo caption. Telkomsel 4G BTS roll-out.", min_chars=1000),
        indon(632, D(2020, 3, 10), "Selasa (10/3/2020)", "body_reference",
              "AKURAT.CO; the date sits in the photo caption that opens the text. IoT/AI forum (Forwat)."),
        indon(89, D(2019, 8, 22), "Kamis (22/8/2019)", "body_reference",
              "KOMPAS.com; Indonesian text about Malaysia ('pemerintah Malaysia', 'Menteri Pengembangan Enterpreneur Malaysia'): Malaysian names must not make it Malay.", min_chars=1000),
        indon(451, D(2019, 11, 14), "Kamis (14/11/2019)", "body_reference",
              "Bisnis.com; Indonesian text about a meeting in Malaysia (defence technology)."),
        indon(423, None, None, None,
              "Gatra.com; 'Jumat (6/3)' is weekday + day/month without year (6 March; year 2020 from the content), so published is null. UGM research."),
        indon(467, None, None, None,
              "Gatra.com; no publication date; 'September 2018-Januari 2020' is the research period. IPB research on palm-oil emissions."),
        news("isu teknologi", 163, "id", D(2015, 10, 1), "Kamis (1/10/2015)", "body_reference",
             note="Metro TV News; 'pada hari ini, Kamis (1/10/2015)' = today. Cyber security (Trend Micro)."),
        news("isu teknologi", 165, "id",
             note="Tribunnews (URL has 2018/11/22). The only full date '21 – 23 November 2018' is the (future) event range, not the publication date. Ministry of Research, Technology and Higher Education (PP-IPTEK).", min_chars=700),
        news("isu teknologi", 199, "id",
             note="Tempo (tekno.tempo.co); '23 November 2018' is the date of a Telegraph report cited in the text, not Tempo's publication date. 'Pemerintah AS'."),
        news("isu teknologi", 159, "id", headline=True, note="Indonesian headline (Detikcom press release)."),
        news("isu teknologi", 119, "id", headline=True, note="Indonesian headline (Tempo.co); 'Kecerdasan Buatan' is shared with Malay."),
        news("isu teknologi", 197, "id", headline=True, note="Indonesian headline (Tribunnews); 'Bongkar Rahasia' (Malay would be 'rahsia')."),
    ]
