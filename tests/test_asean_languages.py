"""The six more ASEAN languages: language rule, dates, Khmer Buddhist Era, Zawgyi."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from stiwatch.core.article import Article
from stiwatch.crawler.registry import load_sources
from stiwatch.pipelines.base import PipelineContext
from stiwatch.pipelines.datefmt import iter_dates
from stiwatch.pipelines.datefmt_asean import khmer_be_to_ce
from stiwatch.pipelines.dates import DatesStage, find_date_in_text
from stiwatch.pipelines.language import LanguageStage, identify
from stiwatch.pipelines.myanmar import unicode_myanmar

ALL = ("th", "vi", "en", "id", "ms", "tl", "km", "lo", "my", "zh")
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("ក្រសួងឧស្សាហកម្ម វិទ្យាសាស្ត្រ បច្ចេកវិទ្យា និងនវានុវត្តន៍ ASEAN COSTI", "km"),
        ("ສຳນັກຂ່າວສານປະເທດລາວ ລາຍງານວ່າ ກອງປະຊຸມ ASEAN", "lo"),
        ("သိပ္ပံနှင့်နည်းပညာဝန်ကြီးဌာန ASEAN", "my"),
        ("Ang mga magsasaka ay nakilahok sa pagsasanay ng DOST para sa bagong teknolohiya.", "tl"),
        ("The ministers agreed to expand cooperation on semiconductors and the digital economy.", "en"),
        ("Pemerintah menargetkan kerja sama riset dengan Jepang selesai pada Maret karena anggaran.", "id"),
        (
            "Kerajaan akan memperkukuh kerjasama penyelidikan kerana bajet baharu diumumkan semasa lawatan.",
            "ms",
        ),
    ],
)
def test_language_by_script_and_function_words(text: str, lang: str) -> None:
    assert identify(text, ALL).language == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # The systematic spellings: Malay -iti, -ik, -en against Indonesian -itas, -is, -ye.
        ("Menteri itu membidas komen pihak yang mempertikai kualiti projek", "ms"),
        ("Menteri itu mengkritik komentar pihak yang meragukan kualitas proyek", "id"),
    ],
)
def test_malay_and_indonesian_spellings(text: str, lang: str) -> None:
    assert identify(text, ALL).language == lang


def test_a_filipino_article_before_a_name_tells_taglish_from_english() -> None:
    # "si" / "ni" before a name: Filipino grammar in a mostly English sentence.
    text = "Balik-showbiz si Rica Peralejo after more than a decade, writes ni Julie Bonifacio of the Winner column."
    assert identify(text, ALL).language == "tl"
    # Lower case "si" is no name's article and English stays English.
    assert identify("The team said the results of the test were in line with the plan.", ALL).language == "en"


def test_malay_or_indonesian_without_markers_is_reported_unsure() -> None:
    guess = identify("Pusat Inovasi pertama dibuka di ibu negara", ALL)
    assert guess.language in ("id", "ms") and guess.unsure == ("id", "ms")


@pytest.mark.parametrize(
    ("url", "lang"),
    [
        ("https://www.utusan.com.my/teknologi/1", "ms"),
        ("https://www.bt.com.bn/news/2", "ms"),
        ("https://www.antaranews.co.id/berita/3", "id"),
        ("https://example.com/berita/4", "id"),  # a generic domain gives no hint: the default
        (None, "id"),
    ],
)
def test_host_country_breaks_an_indonesian_malay_tie(url: str | None, lang: str) -> None:
    guess = identify("Pusat Inovasi pertama dibuka di ibu negara", ALL, url=url)
    assert guess.language == lang and guess.unsure == ("id", "ms")


def test_markers_and_html_lang_outrank_the_host_country() -> None:
    malay_text = "Kerajaan berkata projek itu akan siap kerana peruntukan baharu telah diluluskan"
    assert identify(malay_text, ALL, url="https://www.detik.co.id/x").language == "ms"
    assert identify("Pusat Inovasi pertama", ALL, "id", url="https://www.utusan.com.my/x").language == "id"


def test_the_source_declaring_malay_decides() -> None:
    sources = load_sources()
    stage = LanguageStage(PipelineContext(sources=sources))
    article = Article(
        url="https://www.bernama.com/bm/news.php?id=1", source="bernama-bm", title="Pusat Inovasi pertama"
    )
    stage(article)
    assert article.language == "ms" and "language_unsure" not in article.metadata


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Jakarta, Kamis (27/5/21) – Badan Riset", "2021-05-27"),
        ("Selasa, 13 Juni 2023 |17:25 WIB", "2023-06-13"),
        ("KUALA LUMPUR, 16 Ogos 2022 –", "2022-08-16"),
        ("PASIG CITY, Pebrero 28, 2019 –Alinsunod", "2019-02-28"),
        ("nilagdaan ang kasunduan sa ika-dalawampu't isa ng Mayo taong 2025 sa Taguig", "2025-05-21"),
        ("26, Jul 2019 , 8:59 pm", "2019-07-26"),
        ("នៅព្រឹកថ្ងៃទី២៧ ខែកក្កដា ឆ្នាំ២០១៩នេះ", "2019-07-27"),
        ("ໃນວັນທີ 17-25 ມັງກອນ 2018", "2018-01-17"),
        ("၂၀၂၂ခုနှစ်၊ဒီဇင်ဘာလ(၂၈)ရက်နေ့", "2022-12-28"),
        ("ဖေဖော်ဝါရီ ၁၀၊ ၂၀၁၇", "2017-02-10"),
        ("2025.10.01 Joint call announced", "2025-10-01"),
        # the year first without "ခုနှစ်" (year) but with "ရက်" (day), and the other way round
        ("၂၀၂၃ ဧပြီလ ၁ ရက်နေ့ ညနေခင်း သတင်းများ", "2023-04-01"),
        ("CNI News\n၂၀၂၄ ခုနှစ်၊ ဖေဖော်ဝါရီ ၃\n\nဆုပေးပွဲ", "2024-02-03"),
        ("Published_ 28March 2023", "2023-03-28"),
        ("kata Enggartiasto, Jumat, (15/12/2017).", "2017-12-15"),
    ],
)
def test_dates_in_the_new_languages(text: str, day: str) -> None:
    dt = find_date_in_text(text, NOW)
    assert dt is not None and dt.date().isoformat() == day


def test_khmer_buddhist_era_turns_at_visak_bochea() -> None:
    # BE 2566 pairs with March 2023 (before Visak Bochea: +543) and BE 2567 with June 2023 (+544).
    assert khmer_be_to_ce(2566, 3, 26) == 2023
    assert khmer_be_to_ce(2567, 6, 1) == 2023
    # 2021's Visak Bochea fell on 26 May, 2022's on 15 May: BE 2565 in June is 2021 (+544),
    # on 10 May it is 2022 (+543, before that year's turn).
    assert khmer_be_to_ce(2565, 6, 1) == 2021
    assert khmer_be_to_ce(2565, 5, 10) == 2022
    assert [dt.date().isoformat() for _, dt in iter_dates("ថ្ងៃទី១៤ ខែសីហា ព.ស. ២៥៦៩")] == ["2025-08-14"]
    # the civil date after ត្រូវនឹង ("corresponding to") is the one read
    lunar = "ថ្ងៃព្រហស្បតិ៍ ៦រោច ខែស្រាពណ៍ ព.ស. ២៥៦៩ ត្រូវនឹងថ្ងៃទី១៤ ខែសីហា ឆ្នាំ២០២៥"
    assert find_date_in_text(lunar, NOW).date().isoformat() == "2025-08-14"  # type: ignore[union-attr]


def test_a_past_marked_date_is_the_last_resort() -> None:
    stage = DatesStage(PipelineContext(now=NOW))
    both = Article(url="https://x.ph/1", source="", title="Hamon sa klima")
    both.text = (
        "Nagtipon nitong Sabado (Pebrero 7) ang mga siyentista. Ayon sa pahayag noong ika-9 ng Pebrero 2026."
    )
    assert stage(both).published[:10] == "2026-02-07"  # type: ignore[index]
    only = Article(url="https://x.ph/2", source="", title="Aklatan")
    only.text = "Nilagdaan ang kasunduan noong ika-dalawampu't isa ng Mayo taong 2025 sa Taguig."
    assert stage(only).published[:10] == "2025-05-21"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # "Today (…)" names the day of the report, ahead of the event announced first.
        ("The summit opens on 20 May 2024 in Hanoi. Today (18 May 2024) the ministers met.", "2024-05-18"),
        ("ပွဲကို ၂၀၂၄ ခုနှစ် မေလ ၂၀ ရက်တွင် ကျင်းပမည်။ ယနေ့ (၁၈-၅-၂၀၂၄) တွင် ထုတ်ပြန်သည်။", "2024-05-18"),
        # A wire-service dateline outranks a date in the header above it (a stamp, a menu).
        ("Updated 2024-06-02 09:00\nKuala Lumpur, 30 Mei 2024 – Menteri hari ini berkata ...", "2024-05-30"),
        # Both ends of a range are an event's span: the date standing alone wins ...
        ("ກອງປະຊຸມ (10 ມັງກອນ 2020 – 12 ມັງກອນ 2020)\nວັນທີ 8 ມັງກອນ 2020, ທ່ານ ລັດຖະມົນຕີ ...", "2020-01-08"),
        # ... and without one, the range's start dates the page.
        ("Lokakarya berlangsung 3 Maret 2024 - 5 Maret 2024 di Bandung.", "2024-03-03"),
        # A range of days before one month is a span too.
        ("KTM berlangsung pada 10-13 Desember 2017 di Buenos Aires. Jumat, 15 Desember 2017.", "2017-12-15"),
        # A byline's stamp (date and clock time on a short line) outranks a plain date ...
        ("Budi | Andi Selasa, 20 November 2018 | 14:00 WIB\nLaga pada 19 November 2018.", "2018-11-20"),
        # ... but not a dateline: a header's stamp may be the last update.
        ("Updated 2024-06-02 09:00\nKuala Lumpur, 30 Mei 2024 – Menteri berkata ...", "2024-05-30"),
    ],
)
def test_the_cues_around_a_date_rank_it(text: str, day: str) -> None:
    assert find_date_in_text(text, NOW).date().isoformat() == day  # type: ignore[union-attr]


def test_a_weekday_stated_date_outranks_a_plain_date_of_the_lead() -> None:
    """Indonesian and Malay reports date each quoted statement "Senin (2/3/2020)", anywhere in
    the body; the lead's plain dates are the events the statement is about."""
    stage = DatesStage(PipelineContext(now=NOW))
    article = Article(url="https://x.id/1", source="", title="Ratifikasi perjanjian e-commerce")
    article.text = (
        "Perjanjian yang ditandatangani pada 22 Januari 2019 itu mengatur perdagangan elektronik.\n\n"
        "Ketentuan tersebut mencakup keamanan siber dan logistik.\n\n"
        "Pembayaran elektronik juga diatur.\n\n"
        '"Kami berharap segera selesai," kata Donna kepada wartawan, Senin (2/3/2020).'
    )
    assert stage(article).published[:10] == "2020-03-02"  # type: ignore[index]
    # A dateline still comes first.
    article.text = "Jakarta, 27 Februari 2020 - Menteri, Senin (2/3/2020), berkata."
    assert stage(article).published[:10] == "2020-02-27"  # type: ignore[index]
    # So does a byline's stamp: the body's weekday date is then an earlier match day.
    article.text = (
        "Stephanus | Andi Selasa, 20 November 2018 | 14:00 WIB\n\n"
        "Pada laga Minggu (19/11/2018), Persib kalah."
    )
    assert stage(article).published[:10] == "2018-11-20"  # type: ignore[index]


def test_month_first_sources() -> None:
    assert find_date_in_text("Published 03/11/2026", NOW, mdy=True).date().isoformat() == "2026-03-11"  # type: ignore[union-attr]
    assert find_date_in_text("Published 03/11/2026", NOW).date().isoformat() == "2026-11-03"  # type: ignore[union-attr]


def test_zawgyi_lines_become_unicode() -> None:
    zawgyi = "၂၀၁၈ ခုႏွစ္၊ ဇူလိုင္လ ၄ ရက္"
    assert unicode_myanmar(zawgyi) == "၂၀၁၈ ခုနှစ်၊ ဇူလိုင်လ ၄ ရက်"
    assert unicode_myanmar("plain English") == "plain English"
