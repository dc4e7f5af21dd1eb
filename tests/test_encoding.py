"""Page decoding: strict UTF-8, lying labels, Thai legacy bytes, Vietnamese windows-1258, binary."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from stiwatch.crawler import charsets
from stiwatch.crawler.encoding import charset_of, decode_html, looks_thai_legacy, meta_charset

FIXTURES = Path(__file__).parent / "fixtures" / "text"
THAI = "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม ดำเนินการร่วมกับประเทศเวียดนาม"


def page(body: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


def test_utf8_is_tried_first_whatever_the_label():
    body = page(THAI).encode("utf-8")
    out = decode_html(body, "iso-8859-1")
    assert out.ok and out.encoding == "utf-8" and THAI in out.text


def test_utf8_bom_is_removed():
    out = decode_html(b"\xef\xbb\xbf" + page("hello").encode(), None)
    assert out.encoding == "utf-8" and out.text.startswith("<html>")


def test_utf16_with_bom():
    out = decode_html(page(THAI).encode("utf-16"), None)
    assert out.ok and THAI in out.text


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "windows-1252", "utf-8", "latin1", None])
def test_thai_bytes_under_a_lying_label_decode_as_cp874(label):
    body = page(THAI).encode("cp874")
    out = decode_html(body, label)
    assert out.ok
    assert out.encoding == "cp874"
    assert THAI in out.text


def test_thai_bytes_with_a_lying_meta_charset():
    body = page(THAI, '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    out = decode_html(body.encode("cp874"), None)
    assert out.encoding == "cp874" and THAI in out.text
    assert any("windows-874" in p for p in out.problems)


def test_tis620_label_is_read_with_the_windows_874_superset():
    # 0x85 (ellipsis) exists in windows-874 but not in strict TIS-620.
    body = page(THAI + "\u2026").encode("cp874")
    out = decode_html(body, "tis-620")
    assert out.encoding == "cp874" and out.text.count("\u2026") == 1


def test_seed_002_fixture_is_thai_despite_its_latin1_label():
    raw = (FIXTURES / "seed002_most-tis620.html").read_bytes()
    assert meta_charset(raw) == "iso-8859-1"
    out = decode_html(raw, "ISO-8859-1")
    assert out.encoding == "cp874"
    assert "กระทรวงวิทยาศาสตร์และเทคโนโลยี" in out.text


@pytest.mark.parametrize(
    "text",
    [
        "Le ministère a présenté à Genève une stratégie d'innovation très ambitieuse.",
        "Die Förderung für Forschung und Entwicklung wächst über das Jahr hinweg.",
        "São Paulo e Brasília: ciência, tecnologia e inovação na região.",
    ],
)
def test_latin1_accented_text_is_not_mistaken_for_thai(text):
    body = page(text).encode("cp1252")
    assert looks_thai_legacy(body) is None
    out = decode_html(body, "iso-8859-1")
    assert out.encoding == "cp1252" and text in out.text


def test_cyrillic_with_its_own_label_stays_cyrillic():
    text = "Министерство науки и высшего образования объявило конкурс"
    out = decode_html(page(text).encode("cp1251"), "windows-1251")
    assert out.encoding == "cp1251" and text in out.text


def to_cp1258(text: str) -> bytes:
    """Encode as windows-1258 does: precomposed vowels (â, ơ, ...) plus combining tones."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for mark in marks:  # one mark joins the base (â, ơ, ư), the tone stays combining
            head = unicodedata.normalize("NFC", base + mark)
            if len(head) == 1:
                try:
                    head.encode("cp1258")
                except UnicodeEncodeError:
                    continue
                base, marks = head, [m for m in marks if m != mark]
                break
        out += (base + "".join(marks)).encode("cp1258")
    return out


def test_vietnamese_windows_1258_is_normalised_to_nfc():
    text = "Bộ Khoa học và Công nghệ đổi mới sáng tạo"
    body = to_cp1258(page(text))
    assert text.encode("utf-8") not in body
    out = decode_html(body, "windows-1258")
    assert out.encoding == "cp1258"
    assert text in out.text
    assert unicodedata.is_normalized("NFC", out.text)


def test_undeclared_legacy_page_falls_back_to_detection():
    text = "Министерство науки и высшего образования объявило новый конкурс проектов. " * 5
    out = decode_html(page(text).encode("cp1251"), None)
    assert out.ok and text in out.text
    assert any("guessed" in p for p in out.problems)


@pytest.mark.parametrize(
    "body",
    [
        b"\x00\x01\x02binary\x00data" * 20,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n....",
    ],
)
def test_binary_bodies_are_an_error(body):
    out = decode_html(body, "utf-8")
    assert not out.ok and out.error and out.error.startswith("binary")
    assert out.text == ""


def test_cap_cuts_inside_a_utf8_character_cleanly():
    body = page("ก" * 1000).encode("utf-8")
    cut = len(body) // 2 + 1  # lands inside a 3-byte Thai character
    out = decode_html(body, None, max_bytes=cut)
    assert out.truncated and out.encoding == "utf-8"
    assert out.text.endswith("ก") and "\ufffd" not in out.text
    assert len(out.text.encode("utf-8")) <= cut


def test_meta_charset_forms():
    assert meta_charset(b'<html><head><meta charset="UTF-8">') == "utf-8"
    assert meta_charset(b"<meta charset=windows-874 />") == "windows-874"
    assert meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=TIS-620">') == "tis-620"
    assert meta_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><rss>') == "iso-8859-1"
    assert meta_charset(b"<html><head><title>none</title>") is None


def test_charset_of_header():
    assert charset_of('text/html; charset="UTF-8"') == "utf-8"
    assert charset_of(b"text/html;charset=tis-620") == "tis-620"
    assert charset_of("text/html") is None
    assert charset_of(None) is None


def test_unknown_label_is_reported_and_worked_around():
    body = page(THAI).encode("cp874")
    out = decode_html(body, "x-made-up")
    assert out.encoding == "cp874" and THAI in out.text
    assert any("unknown charset" in p for p in out.problems)


# -- legacy Vietnamese font encodings (TCVN3/ABC and VNI) ------------------------------

_VI_TEXT = (
    "Bộ Khoa học và Công nghệ tổ chức hội nghị tổng kết công tác năm 2004 và triển khai "
    "nhiệm vụ năm 2005. Thứ trưởng phát biểu về đổi mới cơ chế quản lý khoa học, phát triển "
    "thị trường công nghệ và hợp tác quốc tế với các nước ASEAN."
)


def _tcvn3(text: str) -> bytes:
    """Encode with the TCVN3 table (inverse of the data file; capitals as lower case)."""
    table = {v: bytes([k]) for k, v in charsets.CHARSETS["tcvn3"].byte_table.items() if k >= 0xA0}
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        out += table.get(ch) or table.get(ch.lower()) or ch.encode("cp1252")
    return out


def _vni(text: str) -> bytes:
    table = {v: k for k, v in charsets.CHARSETS["vni"].sequences.items()}
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text)).encode("cp1252")


def _vi_page(body: str, style: str = "") -> str:
    return f"<html><head><title>Tin tức</title>{style}</head><body><p>{body}</p></body></html>"


def test_tcvn3_page_labelled_latin1_with_vntime_font_is_decoded():
    css = "<style>body { font-family: .VnTime, serif }</style>"
    out = decode_html(_tcvn3(_vi_page(_VI_TEXT, css)), "iso-8859-1")
    assert out.encoding == "tcvn3"
    assert _VI_TEXT in out.text
    assert any("tcvn3" in p for p in out.problems)


def test_tcvn3_without_label_or_font_is_found_by_the_shape_of_its_words():
    out = decode_html(_tcvn3(_vi_page(_VI_TEXT)), None)
    assert out.encoding == "tcvn3"
    assert "tổ chức hội nghị tổng kết" in out.text


def test_vni_page_under_windows_1252_label_is_decoded():
    out = decode_html(_vni(_vi_page(_VI_TEXT)), "windows-1252")
    assert out.encoding == "vni"
    assert _VI_TEXT in out.text
    assert unicodedata.is_normalized("NFC", out.text)


def test_vni_page_with_a_lying_windows_1258_label_and_vni_fonts():
    style = '<style>p { font-family: "VNI-Times" }</style>'
    out = decode_html(_vni(_vi_page(_VI_TEXT, style)), "windows-1258")
    assert out.encoding == "vni"
    assert "đổi mới cơ chế" in out.text


@pytest.mark.parametrize(
    ("label", "name"), [("TCVN3", "tcvn3"), ("x-viet-vni", "vni"), ("VNI-Windows", "vni")]
)
def test_legacy_labels_are_obeyed(label, name):
    encode = _tcvn3 if name == "tcvn3" else _vni
    body = encode(_vi_page(_VI_TEXT)).replace(b"<head>", f'<head><meta charset="{label}">'.encode())
    out = decode_html(body, None)
    assert out.encoding == name
    assert "hợp tác quốc tế" in out.text


@pytest.mark.parametrize(
    "text",
    [
        "La société générale a présenté ses résultats à Genève après une année très difficile. " * 4,
        "Müller und Söhne präsentieren die Ergebnisse für das Geschäftsjahr in Zürich. " * 4,
        "São Paulo e Brasília recebem a comitiva para a reunião técnica sobre inovação. " * 4,
    ],
)
def test_western_latin1_pages_are_not_read_as_vietnamese(text):
    out = decode_html(page(text).encode("cp1252"), "iso-8859-1")
    assert out.encoding == "cp1252"
    assert text in out.text


def test_windows_1258_still_wins_over_the_font_tables():
    body = to_cp1258(page(_VI_TEXT))
    out = decode_html(body, None)
    assert out.encoding == "cp1258"
    assert _VI_TEXT in out.text
