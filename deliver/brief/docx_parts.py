"""What python-docx does not write itself: a native Word line chart, hyperlinks, and the
fonts that render Thai and Vietnamese (with the fallbacks Word should use when they are
missing).

The chart is a DrawingML chart part (``word/charts/chartN.xml``) holding its data as
literals, so Word and LibreOffice draw it, people can restyle it, and its numbers travel
with the document; its alternative text describes it and a data table follows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

# Latin and Vietnamese in Noto Sans, Thai (a "complex script" for Word) in Noto Sans Thai;
# each with the font Word substitutes when it is not installed (Windows and macOS have these).
LATIN_FONT, THAI_FONT = "Noto Sans", "Noto Sans Thai"
FALLBACKS = {LATIN_FONT: ("Arial", "00", "swiss"), THAI_FONT: ("Leelawadee UI", "DE", "swiss")}
COLOURS = ("0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00")
DASHES = ("solid", "dash", "sysDot", "dashDot", "lgDash", "sysDash")
EMU_PER_CM = 360_000


def set_fonts(document: Document) -> None:
    """Every style in Noto Sans / Noto Sans Thai (Thai text language th-TH), and the fallbacks
    named in the font table."""
    for style in document.styles:
        element = style.element
        rpr = element.get_or_add_rPr() if hasattr(element, "get_or_add_rPr") else None
        if rpr is None:
            continue
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attr), LATIN_FONT)
        fonts.set(qn("w:cs"), THAI_FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = etree.SubElement(rpr, qn("w:lang"))
        lang.set(qn("w:val"), "en-GB")
        lang.set(qn("w:bidi"), "th-TH")
    table = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(table.blob)
    for name, (alternative, charset, family) in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alternative})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): charset})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): family})
    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """A blue, underlined link run (external relationship) at the end of ``paragraph``."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = etree.SubElement(paragraph._p, qn("w:hyperlink"), {qn("r:id"): r_id})
    run = etree.SubElement(link, qn("w:r"))
    props = etree.SubElement(run, qn("w:rPr"))
    etree.SubElement(props, qn("w:color"), {qn("w:val"): "12355B"})
    etree.SubElement(props, qn("w:u"), {qn("w:val"): "single"})
    text_el = etree.SubElement(run, qn("w:t"))
    text_el.text = text
    text_el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _ser(n: int, name: str, categories: Sequence[str], values: Sequence[int]) -> str:
    cats = "".join(f'<c:pt idx="{i}"><c:v>{escape(c)}</c:v></c:pt>' for i, c in enumerate(categories))
    vals = "".join(f'<c:pt idx="{i}"><c:v>{int(v)}</c:v></c:pt>' for i, v in enumerate(values))
    colour, dash = COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)]
    return (
        f'<c:ser><c:idx val="{n}"/><c:order val="{n}"/><c:tx><c:v>{escape(name)}</c:v></c:tx>'
        f'<c:spPr><a:ln w="22225" cap="rnd"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        f'<a:prstDash val="{dash}"/></a:ln></c:spPr><c:marker><c:symbol val="none"/></c:marker>'
        f'<c:cat><c:strLit><c:ptCount val="{len(categories)}"/>{cats}</c:strLit></c:cat>'
        f'<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>{vals}'
        f'</c:numLit></c:val><c:smooth val="0"/></c:ser>'
    )


def chart_xml(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> bytes:
    """A line chart's part: one series per ``(name, values)``, categories on the x axis."""
    fonts = f'<a:latin typeface="{LATIN_FONT}"/><a:cs typeface="{THAI_FONT}"/>'
    body = "".join(_ser(n, name, categories, values) for n, (name, values) in enumerate(series))
    axis = (
        '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
        '<c:date1904 val="0"/><c:lang val="en-US"/><c:roundedCorners val="0"/><c:chart>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1">{fonts}'
        f'</a:defRPr></a:pPr><a:r><a:rPr lang="en-US" sz="1200" b="1">{fonts}</a:rPr><a:t>{escape(title)}</a:t>'
        '</a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/><c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
        f'{body}<c:marker val="1"/><c:axId val="500100"/><c:axId val="500200"/></c:lineChart>'
        '<c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="b"/>{axis}<c:crossAx val="500200"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="500200"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>{axis}<c:crossAx val="500100"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/>'
        '<c:dispBlanksAs val="gap"/></c:chart>'
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900">{fonts}</a:defRPr></a:pPr>'
        '<a:endParaRPr lang="en-US"/></a:p></c:txPr></c:chartSpace>'
    )
    return xml.encode("utf-8")


def add_chart(
    document: Document,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    description: str,
    width_cm: float = 16.0,
    height_cm: float = 8.5,
) -> None:
    """A native line chart in a paragraph of its own, with ``description`` as its alt text."""
    package = document.part.package
    number = 1 + sum(1 for p in package.iter_parts() if str(p.partname).startswith("/word/charts/"))
    part = Part(
        PackURI(f"/word/charts/chart{number}.xml"), CHART_CT, chart_xml(title, categories, series), package
    )
    r_id = document.part.relate_to(part, RT.CHART)
    cx, cy = int(width_cm * EMU_PER_CM), int(height_cm * EMU_PER_CM)
    drawing = parse_xml(
        f'<w:drawing xmlns:w="{NS_W}" xmlns:wp="{NS_WP}" xmlns:a="{NS_A}" xmlns:c="{NS_C}" xmlns:r="{NS_R}">'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{4000 + number}" name="Chart {number}" descr={quoteattr(description)}/>'
        '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{r_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
    )
    document.add_paragraph().add_run()._r.append(drawing)
