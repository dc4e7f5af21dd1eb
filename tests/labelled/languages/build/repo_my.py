"""Myanmar items from stevenay/Myanmar-News-Data (7Day / Eleven news, collected 2018)."""
import datetime as dt
import subprocess

REPO = "stevenay/Myanmar-News-Data"
MIRROR = "/work/.mirror/stevenay+Myanmar-News-Data/repo"
COMMIT = "7037a3a8808121f38e47ceff4b985ff82a4993e2"
LIC = "none: the repository has no licence file (README: collected from 7Day news and Eleven news websites)"


def raw(path):
    return subprocess.run(["git", "-C", MIRROR, "show", f"{COMMIT}:{path}"],
                          capture_output=True, check=True).stdout.decode("utf-8")


def cut_sentences(t, min_chars=600):
    """Cut after the first Burmese full stop (။) at or beyond min_chars."""
    if len(t) <= min_chars + 200:
        return t, False
    i = t.find("။", min_chars)
    if i < 0:
        return t, False
    return t[: i + 1], True


def crawl_date(path):
    ms = int(path.rsplit("/", 1)[1].split(".")[0])
    return dt.datetime.utcfromtimestamp(ms / 1000).date()


def art(path, note, min_chars=600):
    t = raw(path)
    text, trimmed = cut_sentences(t, min_chars)
    site = "Eleven Media (news-eleven.com)" if path.startswith(("editorial", "entertainment")) else "7Day Daily (7daydaily.com)"
    cd = crawl_date(path)
    return dict(kind="article", text=text, published=None, date_text=None, date_basis=None,
                url=None,
                provenance={"repository": REPO, "path": path, "commit": COMMIT, "licence": LIC},
                encoding="unicode", trimmed=trimmed,
                note=f"{site}; one-line body as stored (no title). {note} The file name is a millisecond timestamp = collection time {cd.isoformat()}, which gives the likely year. Legacy artefacts from Zawgyi-era typing: U+1031 (ေ) stored before U+1040 (digit ၀ used for the letter ဝ) and line-break hyphenation spaces inside words.")


def items():
    return [
        art("business/1531660116042.txt", "Only day-month dates, no year: 'ဇွန်လ ၂၈ ရက်' (28 June, the announcement), 'ဇွန်လ ၂၉ ရက်', 'ဩ ဂုတ် ၅ ရက်' (5 August, future payout; note the line-break space inside the month name). Topic: TMH Telecom, Yangon Stock Exchange.", min_chars=900),
        art("business/1531660102370.txt", "Day-month only: 'ဇူလိုင် ၁၂ ရက်' (12 July, press release); '၂၀၁၇ မေလ ၂၆ ရက်' is a past event (trial run of the plant), not the publication date. Topic: Tigyit coal power plant."),
        art("crime/1531660096594.txt", "Day-month only: 'ဇွန်လ ၇ရက်က' (on 7 June, the incident). Mawlamyine University."),
        art("politic/1531660191033.txt", "Day-month only: 'ဇွန်လ ၇ရက်' and 'ဇွန်လ ၃ ရက်'. Telecommunications Law section 66(d)."),
        art("editorial/1535511887327.txt", "'မေ ၁၈ ရက်' (18 May, ministry statement, no year) and the full date '၂၀၁၈ ခုနှစ် ဧပြီ ၁၉ ရက်' (19 Apr 2018, a UN report date) -- neither is the publication date; a parser that takes the first full date gets 2018-04-19, which is wrong."),
        art("editorial/1535511742555.txt", "Full dates '၂၀၁၆ ခုနှစ် ဇန်နဝါရီ ၁၂ ရက်' and '၂၀၁၇ ခုနှစ် မေ ၂၄ ရက်' are past conferences; 'ယမန်နေ့က' (yesterday) refers to the third session (July 2018). No publication date in the text.", min_chars=720),
    ]
