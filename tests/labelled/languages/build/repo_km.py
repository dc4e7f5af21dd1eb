"""Khmer items from phylypo/segmentation-crf-khmer (data/kh_data_1000.zip)."""
import datetime as dt
import io
import subprocess
import zipfile

from common import first_paragraphs

REPO = "phylypo/segmentation-crf-khmer"
MIRROR = "/work/.mirror/phylypo+segmentation-crf-khmer/repo"
COMMIT = "ecf97c5b7eae3b3365eda08927a7d55d9fe5c626"
ZIP = "data/kh_data_1000.zip"
LIC = "none: the repository has no licence file; the texts are Khmer news articles (July 2019) whose source sites are not named"

_z = None


def raw(num):
    global _z
    if _z is None:
        blob = subprocess.run(["git", "-C", MIRROR, "show", f"{COMMIT}:{ZIP}"],
                              capture_output=True, check=True).stdout
        _z = zipfile.ZipFile(io.BytesIO(blob))
    return _z.read(f"kh_data_1000/{num}_orig.txt").decode("utf-8")


def prov(num):
    return {"repository": REPO, "path": f"{ZIP} -> kh_data_1000/{num}_orig.txt",
            "commit": COMMIT, "licence": LIC}


def art(num, published, date_text, date_basis, note, min_chars=600):
    t = raw(num)
    text, trimmed = first_paragraphs(t, min_chars=min_chars)
    title = t.split("\n")[0].strip()
    return dict(kind="article", text=text, title=title, published=published,
                date_text=date_text, date_basis=date_basis, url=None,
                provenance=prov(num), encoding="unicode", trimmed=trimmed, note=note)


def headline(num, published=None, date_text=None, date_basis=None, note=None):
    t = raw(num).split("\n")[0]
    return dict(kind="headline", text=t, published=published, date_text=date_text,
                date_basis=date_basis, url=None, provenance=prov(num),
                encoding="unicode", trimmed=False,
                note=note or "first line (title) of the stored article file")


D = dt.date
TXT_NOTE = "title line plus the opening paragraphs as stored; "


def items():
    return [
        art(313219, D(2019, 7, 27), "ព្រឹកថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ", "lead",
            TXT_NOTE + "the inauguration 'took place on the morning of 27 July 2019 this [day]' (នេះ): same-day report. Topic: a Khmer-built medical-waste incinerator."),
        art(313458, D(2019, 7, 27), "នៅថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ", "dateline",
            TXT_NOTE + "dateline '(ត្បូងឃ្មុំ)៖' followed by the full date with នេះ ('this'), Khmer digits."),
        art(313329, D(2019, 7, 27), "ថ្ងៃ\u200bទី\u200b២៧\u200b ខែកក្កដា\u200b ឆ្នាំ\u200b២០១៩\u200bនេះ", "lead",
            TXT_NOTE + "the date carries zero-width spaces (U+200B) between words; daily road-accident report for 'this 27 July 2019'."),
        art(311784, D(2019, 7, 26), "ព្រឹក\u200bថ្ងៃ\u200bទី\u200b២៦ ខែ\u200bកក្កដា ឆ្នាំ\u200b២០១៩\u200bនេះ", "dateline",
            TXT_NOTE + "zero-width spaces inside the date; dateline 'បន្ទាយមានជ័យ ៖'."),
        art(312213, D(2019, 7, 26), "26, Jul 2019 , 8:59 pm", "date_line",
            TXT_NOTE + "the stored title line ends with the site's date stamp '26, Jul 2019 , 8:59 pm' (Latin script, English month); the body also mentions 'ថ្ងៃទី ២៤ កក្កដា កន្លងទៅនេះ' (24 July, past, no year), which is the notice date, not the publication date. Topic: science/technology education."),
        art(313092, D(2019, 7, 27), "27, Jul 2019 , 1:19 pm", "date_line",
            TXT_NOTE + "both a Latin date stamp on the title line and a Khmer date in the body (ព្រឹក​ថ្ងៃទី​២៧ ខែកក្កដា ឆ្នាំ​២០១៩); they agree."),
        art(313210, D(2019, 7, 27), "27, Jul 2019 , 2:54 pm", "date_line",
            TXT_NOTE + "date stamp on the title line; dateline 'សៀមរាប៖' has no date. Topic: waste statistics (Ministry of Environment)."),
        art(312824, D(2019, 7, 27), "ថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០០១៩ នេះ", "lead",
            TXT_NOTE + "the year is mistyped in the source as ២០០១៩ (20019); with នេះ ('this') and the corpus crawl (late July 2019) a reader takes 27 July 2019. A strict parser should not return year 2001 or 20019."),
        art(313248, None, None, None,
            TXT_NOTE + "the only full date (ថ្ងៃទី០៧ ខែសីហា ឆ្នាំ២០១៩, 7 Aug 2019) is a FUTURE event (announcement of census results); the publication date is not in the text (neighbouring files are 26-27 July 2019)."),
        art(312068, None, None, None,
            TXT_NOTE + "the lead's date ថ្ងៃទី២០ ខែមីនា ឆ្នាំ២០០៣ (20 March 2003) is a historical event (invasion of Iraq), not the publication date; the article is from July 2019."),
        art(311845, None, None, None,
            TXT_NOTE + "the lead gives a statistics range 'ចាប់ពីថ្ងៃទី០១ ខែមករា ឆ្នាំ២០១៩ ... ដល់ថ្ងៃទី១៥ ខែកក្កដា ឆ្នាំ២០១៩នេះ' (1 Jan - 15 Jul 2019); neither end is the publication date (crawled late July 2019)."),
        art(313114, None, None, None,
            TXT_NOTE + "the only date is a court summons date with a mistyped year, ថ្ងៃទី ២០ ខែសីហា ឆ្នាំ ១០១៩ (20 Aug '1019', meant 2019), and it is a future date; no publication date."),
        art(312280, None, None, None,
            TXT_NOTE + "weekday only ('នាថ្ងៃសុក្រនេះ', this Friday); no calendar date. Topic: Huawei 5G phone; Khmer text with Latin brand names."),
        art(311998, None, None, None,
            TXT_NOTE + "no date in the text. Topic: Industry 4.0 technology in the garment sector (GMAC)."),
        headline(313053, note="title line of a stored article; Khmer with the Latin place name 'Bandung' and zero-width spaces"),
        headline(313459, D(2019, 7, 27), "27, Jul 2019 , 8:59 pm", "date_line",
                 note="title line as stored, ending with the site's date stamp"),
        headline(313528, note="title line of a stored article (central bank governor on the banking sector)"),
        headline(313502, D(2019, 7, 27), "27, Jul 2019 , 10:30 pm", "date_line",
                 note="title line with date stamp; Khmer with Latin 'F-16'"),
    ]
