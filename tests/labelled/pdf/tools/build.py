#!/usr/bin/env python3
"""Build the labelled PDF/DOCX/DOC evaluation set under /work/staging/pdfs/.

Run with the private venv:  /work/staging/pdfs/.venv/bin/python tools/build.py
Needs: LibreOffice (soffice), poppler-utils (pdftoppm), fonts-thai-tlwg, fonts-noto-core,
hyphen-en-us; Python: python-docx, reportlab, pypdf, img2pdf, pythainlp, pyyaml.
Source texts come from tools/sources/*.json (made by tools/extract_sources.py).
"""
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fodt  # noqa: E402
import legacy_thai  # noqa: E402

ROOT = os.path.dirname(HERE)
SRC = os.path.join(HERE, 'sources')
TZ7 = dt.timezone(dt.timedelta(hours=7))
MANIFEST = []

THAI_DIGITS = str.maketrans('0123456789', '๐๑๒๓๔๕๖๗๘๙')
THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม',
               'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม']


def load(key):
    with open(os.path.join(SRC, key + '.json'), encoding='utf-8') as f:
        return json.load(f)


def clean(s):
    """What a reader sees: NBSP -> space, zero-width chars dropped, runs of spaces collapsed, NFC."""
    s = s.replace('\u00a0', ' ').replace('\u200b', '').replace('\ufeff', '')
    s = re.sub(r'[ \t]+', ' ', s).strip()
    return unicodedata.normalize('NFC', s)


def paras(item):
    out = []
    for p in item['paragraphs']:
        p = clean(p)
        if not p or re.fullmatch(r'[-.=_* ]+', p):
            continue
        out.append(p)
    return out


def thai_date_iso(date_line):
    m = re.search(r'(\d+) (\S+) (\d{4})$', date_line)
    d, mon, y = int(m.group(1)), THAI_MONTHS.index(m.group(2)) + 1, int(m.group(3)) - 543
    return dt.date(y, mon, d).isoformat()


def prov(item, note=None):
    p = dict(item['provenance'])
    keep = {k: p[k] for k in ('repository', 'path', 'commit', 'licence') if k in p}
    extra = {k: p[k] for k in p if k not in keep}
    if extra:
        keep['detail'] = extra
    if note:
        keep['note'] = note
    return keep


def write_truth(name, blocks):
    """blocks: list of strings (paragraphs; a block may contain single newlines, e.g. table rows)."""
    text = '\n\n'.join(unicodedata.normalize('NFC', b) for b in blocks) + '\n'
    with open(os.path.join(ROOT, name), 'w', encoding='utf-8') as f:
        f.write(text)
    return name


def pdf_date(d):
    off = d.utcoffset()
    sign = '+' if off >= dt.timedelta(0) else '-'
    mins = abs(int(off.total_seconds())) // 60
    return d.strftime('D:%Y%m%d%H%M%S') + f"{sign}{mins // 60:02d}'{mins % 60:02d}'"


def set_pdf_info(path, created, title, author=None, keep_producer=True):
    from pypdf import PdfReader, PdfWriter
    r = PdfReader(path)
    w = PdfWriter(clone_from=r)
    info = {'/CreationDate': pdf_date(created), '/ModDate': pdf_date(created), '/Title': title}
    if author:
        info['/Author'] = author
    w.add_metadata(info)
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        w.write(f)
    os.replace(tmp, path)


def soffice_convert(src, fmt, outdir):
    subprocess.run(['soffice', '--headless', '--convert-to', fmt, '--outdir', outdir, src],
                   check=True, capture_output=True, timeout=180)


def fodt_to_pdf(name, xml):
    with tempfile.TemporaryDirectory() as td:
        src = os.path.join(td, name + '.fodt')
        with open(src, 'w', encoding='utf-8') as f:
            f.write(xml)
        soffice_convert(src, 'pdf', td)
        shutil.copy(os.path.join(td, name + '.pdf'), os.path.join(ROOT, name + '.pdf'))
    # keep the typeset source too (small) so the layout can be inspected / rebuilt
    with open(os.path.join(HERE, 'typeset', name + '.fodt'), 'w', encoding='utf-8') as f:
        f.write(xml)


def entry(**kw):
    base = dict(file=None, truth=None, language=None, kind='text-layer', made_here=True, fonts=[], features=[],
                title=None, published=None, date_text=None, pdf_metadata_date=None, text_from=None)
    base.update(kw)
    MANIFEST.append(base)


# ---------------------------------------------------------------------------------------------
# Thai documents typeset with LibreOffice
# ---------------------------------------------------------------------------------------------

def th_cabinet_table():
    it = load('mekong_lancang_fund')
    ps = paras(it)
    intro, items = ps[0], ps[1:]
    rows = [['ลำดับ', 'โครงการ', 'วงเงิน (ดอลลาร์สหรัฐ)', 'หน่วยงานรับผิดชอบ']]
    for p in items:
        m = re.match(r'^(\d+)\. (.*) วงเงิน ([\d,]+) ดอลลาร์สหรัฐ \((.*)\)$', p)
        rows.append([m.group(1), m.group(2).strip(), m.group(3), m.group(4)])
    title, date_line = clean(it['title']), it['date_line']
    blocks = [('p', 'RightItalic', date_line), ('p', 'Title', title), ('p', 'Body', intro),
              ('table', [1.3, 8.2, 2.8, 4.2],
               [[('CellHead', c) for c in rows[0]]] +
               [[('Cell', r[0]), ('Cell', r[1]), ('CellNum', r[2]), ('Cell', r[3])] for r in rows[1:]], True),
              ]
    created = dt.datetime(2021, 11, 8, 9, 12, 0, tzinfo=TZ7)
    xml = fodt.render(blocks, font='Norasi', size=15, title=title, creation_date=created.strftime('%Y-%m-%dT%H:%M:%S'),
                      margins_cm=(2.0, 2.0, 2.5, 2.0))
    name = 'th-cabinet-table'
    fodt_to_pdf(name, xml)
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), created, title)
    truth = [date_line, title, intro, '\n'.join('\t'.join(r) for r in rows)]
    write_truth(name + '.txt', truth)
    entry(file=name + '.pdf', truth=name + '.txt', language='th', fonts=['Norasi'], features=['table'],
          title=title, published=thai_date_iso(date_line), date_text=date_line,
          pdf_metadata_date=created.isoformat(),
          text_from=prov(it, 'Body verbatim; the numbered project list of the source was laid out as a table '
                             '(cells split from each list line; the header row is added). The corpus repeats '
                             'the title, which is given once.'),
          note='Table truth: one line per row, cells separated by TAB; compare with whitespace runs collapsed. '
               'CreationDate (2021-11-08) deliberately differs from the date line (2021-11-05).')
    return name


def th_mou_thai_digits():
    it = load('mod_mhesi_mou')
    title = clean(it['title']).translate(THAI_DIGITS)
    body = [p.translate(THAI_DIGITS) for p in paras(it)]
    iso = thai_date_iso(it['date_line'])
    d = dt.date.fromisoformat(iso)
    date_text = f'{d.day} {THAI_MONTHS[d.month - 1]} พ.ศ. {d.year + 543}'.translate(THAI_DIGITS)
    end_line = f'ประกาศ ณ วันที่ {date_text}'
    blocks = [('p', 'Title', title)] + [('p', 'Body', p) for p in body] + [('p', 'BodyLeft', ''), ('p', 'Center', end_line)]
    created = dt.datetime(2021, 7, 7, 14, 3, 11, tzinfo=TZ7)
    name = 'th-mou-thai-digits'
    xml = fodt.render(blocks, font='Laksaman', size=16, title=title, creation_date=created.strftime('%Y-%m-%dT%H:%M:%S'),
                      margins_cm=(2.5, 2.0, 3.0, 2.0))
    fodt_to_pdf(name, xml)
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), created, title)
    write_truth(name + '.txt', [title] + body + [end_line])
    entry(file=name + '.pdf', truth=name + '.txt', language='th', fonts=['Laksaman'],
          features=['thai-digits', 'be-date-line'], title=title, published=iso, date_text=date_text,
          pdf_metadata_date=created.isoformat(),
          text_from=prov(it, 'Body verbatim except that Arabic digits were converted to Thai digits, as Thai '
                             'official documents print them. The closing line "ประกาศ ณ วันที่ ..." was composed '
                             'from the source\'s own date line (วันอังคารที่ 6 กรกฎาคม 2564).'))
    return name


def th_report_multipage():
    items = [load(k) for k in ('thai_vietnam_partnership', 'asean_china_sti', 'hpe_nstda_hpc', 'asean_korea_innovation_centre')]
    head = 'รายงานสรุปข่าวความร่วมมือด้านวิทยาศาสตร์ เทคโนโลยี และนวัตกรรมระหว่างประเทศ'
    foot = 'เอกสารประกอบการติดตามข่าว stiwatch — หน้า {page} จาก {pages}'
    doc_title = 'สรุปข่าวความร่วมมือด้านวิทยาศาสตร์ เทคโนโลยี และนวัตกรรม'
    blocks = [('p', 'Title', doc_title)]
    truth = [doc_title]
    for i, it in enumerate(items):
        t = clean(it['title'])
        blocks.append(('p', 'Heading', f'{i + 1}. {t}'))
        truth.append(f'{i + 1}. {t}')
        for p in paras(it):
            st = 'Item' if p.startswith('- ') or re.match(r'^\d\)', p) else 'Body'
            blocks.append(('p', st, p))
            truth.append(p)
    created = dt.datetime(2022, 4, 1, 10, 30, 0, tzinfo=TZ7)
    name = 'th-report-multipage'
    xml = fodt.render(blocks, font='Loma', size=14, title=doc_title, creation_date=created.strftime('%Y-%m-%dT%H:%M:%S'),
                      header=head, footer=foot, hyphenate=True, margins_cm=(1.8, 1.8, 3.0, 3.0))
    fodt_to_pdf(name, xml)
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), created, doc_title)
    write_truth(name + '.txt', truth)
    entry(file=name + '.pdf', truth=name + '.txt', language='th', fonts=['Loma'],
          features=['header-footer', 'page-numbers', 'hyphenation', 'broken-lines'],
          title=doc_title, published=None, date_text=None, pdf_metadata_date=created.isoformat(),
          text_from=dict(repository='PyThaiNLP/thaigov-v2-corpus',
                         path=[it['provenance']['path'] for it in items],
                         commit=items[0]['provenance']['commit'], licence=items[0]['provenance']['licence'],
                         note='Four news items, bodies verbatim, numbered item headings; the report title, running '
                              'header and footer are added framing (header/footer are not in the truth).'),
          note='No date line of its own (the items\' own date lines were left out); only the PDF metadata '
               'carries a date. English words are hyphenated by LibreOffice (hyphen-en-us); Thai lines break '
               'between words without spaces.')
    return name


def th_lo_simple(name, key, font, size, features=(), date_line=True, cols=1, created=None, note=None,
                 date_style='RightItalic', extra_note=None):
    it = load(key)
    title = clean(it['title'])
    ps = paras(it)
    blocks, truth = [], []
    if date_line:
        blocks.append(('p', date_style, it['date_line']))
        truth.append(it['date_line'])
    blocks.append(('p', 'Title', title))
    truth.append(title)
    body = [('p', 'Item' if re.match(r'^(\d\)|-)', p) else 'Body', p) for p in ps]
    blocks += [('cols', cols, body)] if cols > 1 else body
    truth += ps
    xml = fodt.render(blocks, font=font, size=size, title=title, creation_date=created.strftime('%Y-%m-%dT%H:%M:%S'),
                      margins_cm=(2.0, 2.0, 2.5, 2.0))
    fodt_to_pdf(name, xml)
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), created, title)
    write_truth(name + '.txt', truth)
    entry(file=name + '.pdf', truth=name + '.txt', language='th', fonts=[font], features=list(features),
          title=title, published=thai_date_iso(it['date_line']) if date_line else None,
          date_text=it['date_line'] if date_line else None, pdf_metadata_date=created.isoformat(),
          text_from=prov(it, 'Title, date line and body verbatim (title given once; corpus repeats it).' +
                         (' Date line left out on purpose.' if not date_line else '')),
          note=note)
    return name


# ---------------------------------------------------------------------------------------------
# Thai documents drawn with reportlab (legacy producers)
# ---------------------------------------------------------------------------------------------

def rl_document(name, title, date_line, ps, font_name, font_file, size, transform, created, author):
    from pythainlp.tokenize import word_tokenize
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    from reportlab.lib.pagesizes import A4
    pdfmetrics.registerFont(TTFont(font_name, font_file))
    W, H = A4
    left, right, top, bottom = 85, 57, 70, 60
    lead = size * 1.45
    c = canvas.Canvas(os.path.join(ROOT, name + '.pdf'), pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setAuthor(author)
    y = H - top

    def newline(k=1.0):
        nonlocal y
        y -= lead * k
        if y < bottom:
            c.showPage()
            y = H - top - lead

    def wrap(text, width, indent=0):
        tokens = word_tokenize(text, engine='newmm', keep_whitespace=True)
        lines, cur = [], ''
        for tok in tokens:
            cand = cur + tok
            if pdfmetrics.stringWidth(transform(cand), font_name, size) + (indent if not lines else 0) <= width or not cur:
                cur = cand
            else:
                lines.append(cur.rstrip())
                cur = tok.lstrip()
        if cur.strip():
            lines.append(cur.rstrip())
        return lines

    def draw(text, x, align='left'):
        s = transform(text)
        c.setFont(font_name, size)
        if align == 'center':
            c.drawCentredString(W / 2, y, s)
        elif align == 'right':
            c.drawRightString(W - right, y, s)
        else:
            c.drawString(x, y, s)

    y -= size
    if date_line:
        draw(date_line, 0, 'right')
        newline(1.3)
    for ln in wrap(title, W - left - right - 40):
        c.setFont(font_name, size)
        draw(ln, 0, 'center')
        newline()
    newline(0.4)
    for p in ps:
        for i, ln in enumerate(wrap(p, W - left - right, indent=36)):
            draw(ln, left + (36 if i == 0 else 0))
            newline()
        newline(0.3)
    c.save()
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), created, title, author)


def th_legacy_pua():
    it = load('laos_scholarships')
    title, ps, date_line = clean(it['title']), paras(it), it['date_line']
    created = dt.datetime(2022, 9, 30, 11, 5, 40, tzinfo=TZ7)
    name = 'th-legacy-pua'
    rl_document(name, title, date_line, ps, 'Norasi', '/usr/share/fonts/truetype/tlwg/Norasi.ttf', 15,
                legacy_thai.pua_shape, created, 'legacy Thai producer (PUA positional forms)')
    write_truth(name + '.txt', [date_line, title] + ps)
    used = sorted({ord(ch) for t in [title, date_line] + ps for ch in legacy_thai.pua_shape(t) if 0xF700 <= ord(ch) <= 0xF71F})
    mapping = {f'U+{u:04X}': f'U+{legacy_thai.PUA_TO_THAI[u]:04X} {chr(legacy_thai.PUA_TO_THAI[u])} '
                             f'({legacy_thai.PUA_ROLE[u]})' for u in used}
    entry(file=name + '.pdf', truth=name + '.txt', language='th', fonts=['Norasi'], features=['pua-glyphs'],
          title=title, published=thai_date_iso(date_line), date_text=date_line, pdf_metadata_date=created.isoformat(),
          text_from=prov(it, 'Verbatim; the drawn string was pre-shaped with legacy_thai.pua_shape.'),
          pua_mapping=mapping,
          note='Drawn with reportlab (no OpenType shaping) from text pre-shaped the pre-OpenType way: marks and '
               'ฐ/ญ replaced by the Microsoft PUA positional variants that TLWG Norasi maps at U+F700-U+F71A. '
               'reportlab writes a ToUnicode entry per glyph = the code point drawn, so the text layer holds the '
               'PUA code points. Roles: SL=shifted left, SD=shifted down, SDL=down+left, RD=descender removed.')
    return name


def th_sara_am_split():
    it = load('mekong_lancang_5docs')
    title, ps, date_line = clean(it['title']), paras(it), it['date_line']
    created = dt.datetime(2022, 6, 29, 8, 47, 2, tzinfo=TZ7)
    name = 'th-sara-am-split'
    rl_document(name, title, date_line, ps, 'Garuda', '/usr/share/fonts/truetype/tlwg/Garuda.ttf', 14,
                legacy_thai.split_sara_am, created, 'legacy Thai producer (decomposed SARA AM)')
    write_truth(name + '.txt', [date_line, title] + ps)
    entry(file=name + '.pdf', truth=name + '.txt', language='th', fonts=['Garuda'], features=['sara-am-split'],
          title=title, published=thai_date_iso(date_line), date_text=date_line, pdf_metadata_date=created.isoformat(),
          text_from=prov(it, 'Verbatim; the drawn string had SARA AM decomposed with legacy_thai.split_sara_am.'),
          note='Drawn with reportlab: every ำ (U+0E33) is drawn as the NIKHAHIT glyph + the SARA AA glyph (nikhahit '
               'moved before a tone mark, as HarfBuzz/Uniscribe decompose it); one ToUnicode entry per glyph, so '
               'the text layer has U+0E4D U+0E32 instead of U+0E33. The "space + า" variant was NOT produced.')
    return name


# ---------------------------------------------------------------------------------------------
# DOCX (python-docx) documents
# ---------------------------------------------------------------------------------------------

def _docx_font(run, name, size, bold=False, italic=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._element.get_or_add_rPr()
    rf = rpr.find(qn('w:rFonts'))
    for a in ('w:ascii', 'w:hAnsi', 'w:cs', 'w:eastAsia'):
        rf.set(qn(a), name)
    for tag in ('w:szCs',):
        el = rpr.find(qn(tag))
        if el is None:
            from docx.oxml import OxmlElement
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn('w:val'), str(int(size * 2)))
    if bold:
        from docx.oxml import OxmlElement
        rpr.append(OxmlElement('w:bCs'))


def _docx_para(doc_or_cell, text, font, size, align='justify', bold=False, italic=False, indent_cm=0.0,
               space_after=4):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt
    p = doc_or_cell.add_paragraph()
    p.alignment = {'justify': WD_ALIGN_PARAGRAPH.JUSTIFY, 'center': WD_ALIGN_PARAGRAPH.CENTER,
                   'right': WD_ALIGN_PARAGRAPH.RIGHT, 'left': WD_ALIGN_PARAGRAPH.LEFT}[align]
    p.paragraph_format.first_line_indent = Cm(indent_cm) if indent_cm else None
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    _docx_font(p.add_run(text), font, size, bold, italic)
    return p


def _docx_new(font, size, created, title, author, lang):
    import docx
    from docx.shared import Cm
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
    cp = d.core_properties
    cp.created = created.astimezone(dt.timezone.utc).replace(tzinfo=None)
    cp.modified = cp.created
    cp.title = title
    cp.author = author
    cp.language = lang
    st = d.styles['Normal']
    st.font.name = font
    return d


def vi_qd_10_2021():
    it = load('qd_10_2021')
    d0 = dt.date.fromisoformat(it['date_iso'])
    date_line = f'{it["place"]}, ngày {d0.day} tháng {d0.month} năm {d0.year}'
    created = dt.datetime(2021, 3, 16, 17, 20, 0, tzinfo=TZ7)
    title_upper = 'QUYẾT ĐỊNH'
    font, size = 'Noto Serif', 13
    doc = _docx_new(font, size, created, f'Quyết định số {it["number"]}', 'Văn phòng Chính phủ', 'vi-VN')
    tbl = doc.add_table(rows=1, cols=2)
    left, right = tbl.rows[0].cells
    left._element.remove(left.paragraphs[0]._element)
    right._element.remove(right.paragraphs[0]._element)
    _docx_para(left, it['issuer'], font, 12, 'center', bold=True)
    _docx_para(left, f'Số: {it["number"]}', font, 12, 'center')
    _docx_para(right, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', font, 12, 'center', bold=True)
    _docx_para(right, 'Độc lập - Tự do - Hạnh phúc', font, 13, 'center', bold=True)
    _docx_para(right, date_line, font, 13, 'center', italic=True)
    from docx.shared import Cm
    for cell, w in ((left, Cm(6.0)), (right, Cm(10.0))):
        cell.width = w
    _docx_para(doc, '', font, size)
    _docx_para(doc, title_upper, font, 14, 'center', bold=True, space_after=0)
    _docx_para(doc, it['title'], font, 14, 'center', bold=True)
    _docx_para(doc, 'THỦ TƯỚNG CHÍNH PHỦ', font, 14, 'center', bold=True)
    truth = [it['issuer'], f'Số: {it["number"]}', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
             'Độc lập - Tự do - Hạnh phúc', date_line, title_upper, it['title'], 'THỦ TƯỚNG CHÍNH PHỦ']
    for a in it['articles']:
        head = f'Điều {a["n"]}. {a["heading"]}'
        _docx_para(doc, head, font, size, 'justify', bold=True, indent_cm=1.0)
        truth.append(head)
        for b in a['body']:
            b = clean(b)
            _docx_para(doc, b, font, size, 'justify', indent_cm=1.0)
            truth.append(b)
    name = 'vi-qd-10-2021'
    doc.save(os.path.join(ROOT, name + '.docx'))
    write_truth(name + '.txt', truth)
    with tempfile.TemporaryDirectory() as td:
        soffice_convert(os.path.join(ROOT, name + '.docx'), 'pdf', td)
        shutil.copy(os.path.join(td, name + '.pdf'), os.path.join(ROOT, name + '.pdf'))
    pdf_created = dt.datetime(2021, 3, 18, 8, 2, 55, tzinfo=TZ7)
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), pdf_created, f'Quyết định số {it["number"]}')
    common = dict(truth=name + '.txt', language='vi', fonts=[font], title=f'{title_upper} {it["title"]}',
                  published=it['date_iso'], date_text=date_line,
                  text_from=prov(it, 'Articles 1-5 verbatim from the Pháp điển page; header block (issuer, number, '
                                     'motto, date line) laid out from the citation data; no preamble/signature.'))
    entry(file=name + '.docx', kind='docx', features=['docx', 'vi-header-block'], pdf_metadata_date=None,
          docx_core_created=created.isoformat(), note='Word document written with python-docx (header block in a '
          'borderless 2-column table, as Vietnamese offices do). Kept as a test input of its own.', **common)
    entry(file=name + '.pdf', features=['vi-header-block'], pdf_metadata_date=pdf_created.isoformat(),
          note='PDF made by LibreOffice from ' + name + '.docx (text stored NFC). The header block is a '
               'two-cell table: naive extraction may interleave its lines.', **common)
    return name


def th_docx_innovation():
    it = load('innovation_top30')
    title, ps, date_line = clean(it['title']), paras(it), it['date_line']
    created = dt.datetime(2022, 10, 3, 13, 15, 0, tzinfo=TZ7)
    font, size = 'Laksaman', 16
    doc = _docx_new(font, size, created, title, 'กองโฆษก', 'th-TH')
    _docx_para(doc, date_line, font, 14, 'right', italic=True)
    _docx_para(doc, title, font, 18, 'center', bold=True)
    for p in ps:
        _docx_para(doc, p, font, size, 'justify', indent_cm=1.25)
    name = 'th-innovation'
    doc.save(os.path.join(ROOT, name + '.docx'))
    write_truth(name + '.txt', [date_line, title] + ps)
    with tempfile.TemporaryDirectory() as td:
        soffice_convert(os.path.join(ROOT, name + '.docx'), 'pdf', td)
        shutil.copy(os.path.join(td, name + '.pdf'), os.path.join(ROOT, name + '.pdf'))
        # the legacy Word 97 .doc (unsupported-format case)
        soffice_convert(os.path.join(ROOT, name + '.docx'), 'doc:MS Word 97', td)
        shutil.copy(os.path.join(td, name + '.doc'), os.path.join(ROOT, name + '.doc'))
    pdf_created = dt.datetime(2022, 10, 4, 9, 0, 30, tzinfo=TZ7)
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), pdf_created, title)
    common = dict(truth=name + '.txt', language='th', fonts=[font], title=title,
                  published=thai_date_iso(date_line), date_text=date_line,
                  text_from=prov(it, 'Verbatim (title given once).'))
    entry(file=name + '.docx', kind='docx', features=['docx'], pdf_metadata_date=None,
          docx_core_created=created.isoformat(), **common)
    entry(file=name + '.pdf', features=[], pdf_metadata_date=pdf_created.isoformat(),
          note='PDF made by LibreOffice from ' + name + '.docx.', **common)
    entry(file=name + '.doc', kind='doc', features=['legacy-doc'], pdf_metadata_date=None,
          note='MS Word 97 binary .doc written by LibreOffice from ' + name + '.docx: unsupported-format case.',
          **common)
    return name


# ---------------------------------------------------------------------------------------------
# Vietnamese documents typeset with LibreOffice
# ---------------------------------------------------------------------------------------------

def vi_qd_06_2020(name, font, nfd, created):
    it = load('qd_06_2020')
    d0 = dt.date.fromisoformat(it['date_iso'])
    date_line = f'{it["place"]}, ngày {d0.day:02d} tháng {d0.month:02d} năm {d0.year}'
    head_rows = [[('CenterBold', it['issuer']), ('CenterBold', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')],
                 [('Center', f'Số: {it["number"]}'), ('CenterBold', 'Độc lập - Tự do - Hạnh phúc')],
                 [('Center', ''), ('CenterItalic', date_line)]]
    blocks = [('table', [6.0, 10.0], head_rows, False, False), ('p', 'BodyLeft', ''),
              ('p', 'Title', 'QUYẾT ĐỊNH'), ('p', 'CenterBold', it['title']),
              ('p', 'CenterBold', 'THỦ TƯỚNG CHÍNH PHỦ')]
    truth = [it['issuer'], f'Số: {it["number"]}', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc',
             date_line, 'QUYẾT ĐỊNH', it['title'], 'THỦ TƯỚNG CHÍNH PHỦ']
    for a in it['articles']:
        head = f'Điều {a["n"]}. {a["heading"]}'
        blocks.append(('p', 'BodyBold', head))
        truth.append(head)
        for b in a['body']:
            b = clean(b)
            blocks.append(('p', 'Body', b))
            truth.append(b)
    title = f'Quyết định số {it["number"]}'
    xml = fodt.render(blocks, font=font, size=13, title=title, creation_date=created.strftime('%Y-%m-%dT%H:%M:%S'),
                      lang_western=('vi', 'VN'), lang_complex=('vi', 'VN'), margins_cm=(2.0, 2.0, 3.0, 2.0))
    if nfd:
        # store the document text decomposed: only character data is touched (XML markup is ASCII)
        xml = unicodedata.normalize('NFD', xml)
    fodt_to_pdf(name, xml)
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), created, title)
    write_truth(name + '.txt', truth)
    entry(file=name + '.pdf', truth=name + '.txt', language='vi', fonts=[font],
          features=(['nfd'] if nfd else []) + ['vi-header-block'], title=f'QUYẾT ĐỊNH {it["title"]}',
          published=it['date_iso'], date_text=date_line, pdf_metadata_date=created.isoformat(),
          text_from=prov(it, 'Articles 1, 2, 5, 6 verbatim from the Pháp điển page; header block from the citation.'),
          note=('Source .fodt stored in NFD (every precomposed Vietnamese letter decomposed); the truth is NFC.'
                if nfd else 'Same text as vi-qd-06-2020-nfd, stored NFC, other font.'))
    return name


def vi_nq_03(created_front, created_prog):
    it = load('nq_03_2025')
    md = it['markdown']
    front, prog = md.split('# CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ', 1)

    def md_clean(line):
        line = re.sub(r'\*\*(.*?)\*\*', r'\1', line)
        line = re.sub(r'^\*(.*)\*$', r'\1', line.strip())
        line = line.rstrip()
        line = re.sub(r'\s{2,}$', '', line)
        return clean(line)

    # --- front: the resolution itself -----------------------------------------------------
    lines = [l for l in front.split('\n')]
    d0 = dt.date.fromisoformat(it['date_iso'])
    date_line = 'Hà Nội, ngày 09 tháng 01 năm 2025'
    head_rows = [[('CenterBold', 'CHÍNH PHỦ'), ('CenterBold', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')],
                 [('Center', 'Số: 03/NQ-CP'), ('CenterBold', 'Độc lập - Tự do - Hạnh phúc')],
                 [('Center', ''), ('CenterItalic', date_line)]]
    blocks = [('table', [6.0, 10.0], head_rows, False, False), ('p', 'BodyLeft', '')]
    truth = ['CHÍNH PHỦ', 'Số: 03/NQ-CP', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', date_line]
    started = False
    recipients, sign = [], []
    mode = 'body'
    for raw in lines:
        s = raw.strip()
        if s.startswith('# NGHỊ QUYẾT'):
            started = True
            blocks.append(('p', 'Title', 'NGHỊ QUYẾT'))
            truth.append('NGHỊ QUYẾT')
            continue
        if not started or not s:
            continue
        if s.startswith('## '):
            t = md_clean(s[3:])
            blocks.append(('p', 'CenterBold', t)); truth.append(t)
        elif s.startswith('# '):
            t = md_clean(s[2:])
            blocks.append(('p', 'CenterBold', t)); truth.append(t)
        elif s.startswith('*Nơi nhận:*'):
            mode = 'recipients'
            recipients.append('Nơi nhận:')
        elif mode == 'recipients' and (s.startswith('- ') or raw.startswith('  ')):
            if raw.startswith('  ') and not s.startswith('- '):
                recipients[-1] += ' ' + s
            else:
                recipients.append(s)
        elif mode in ('recipients', 'sign'):
            mode = 'sign'
            sign.append(md_clean(s))
        else:
            t = md_clean(s)
            blocks.append(('p', 'Body', t)); truth.append(t)
    sign = [x for x in sign if x != '[đã ký]']
    blocks.append(('table', [9.0, 7.0], [[('Cell', '\n'.join(recipients)), ('CenterBold', '\n'.join(sign))]], False, False))
    truth.append('\n'.join(recipients))
    truth.append('\n'.join(sign))
    name = 'vi-nq-03-2025'
    title = 'Nghị quyết số 03/NQ-CP'
    xml = fodt.render(blocks, font='Noto Serif', size=13, title=title,
                      creation_date=created_front.strftime('%Y-%m-%dT%H:%M:%S'), lang_western=('vi', 'VN'),
                      lang_complex=('vi', 'VN'), header='{page}', margins_cm=(1.5, 2.0, 3.0, 2.0))
    fodt_to_pdf(name, xml)
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), created_front, title)
    write_truth(name + '.txt', truth)
    entry(file=name + '.pdf', truth=name + '.txt', language='vi', fonts=['Noto Serif'],
          features=['vi-header-block', 'page-numbers'], title='NGHỊ QUYẾT ' + truth[6] if len(truth) > 6 else title,
          published=it['date_iso'], date_text=date_line, pdf_metadata_date=created_front.isoformat(),
          text_from=prov(it, 'Resolution part verbatim from the markdown transcription (markdown markup removed); '
                             'the "[đã ký]" placeholder dropped; recipients and signature laid out side by side.'),
          note='Page number at the top centre of every page (not in the truth). Recipients (left) and signature '
               '(right) are a two-cell table; the truth lists recipients first.')

    # --- programme: two-column, no date line ------------------------------------------------
    plines = prog.split('\n')
    blocks, truth = [('p', 'Title', 'CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ')], ['CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ']
    inner = []
    count_sections = 0
    for raw in plines:
        s = raw.strip()
        if not s:
            continue
        if s.startswith('*(Kèm theo'):
            continue  # reference line with a date: left out so the document has no date line
        if s.startswith('### 2.'):
            break  # first section of tasks only
        if s.startswith('## ') or s.startswith('### '):
            t = md_clean(s.lstrip('#').strip())
            inner.append(('p', 'Heading', t)); truth.append(t)
            count_sections += 1
        elif s.startswith('*') and s.endswith('*'):
            t = md_clean(s)
            blocks.append(('p', 'CenterItalic', t)); truth.append(t)
        else:
            t = md_clean(s)
            inner.append(('p', 'Body', t)); truth.append(t)
    blocks.append(('cols', 2, inner))
    name2 = 'vi-nq-03-2025-chuong-trinh-2col'
    title2 = 'Chương trình hành động của Chính phủ (kèm Nghị quyết 03/NQ-CP)'
    xml = fodt.render(blocks, font='Noto Sans', size=11, title=title2,
                      creation_date=created_prog.strftime('%Y-%m-%dT%H:%M:%S'), lang_western=('vi', 'VN'),
                      lang_complex=('vi', 'VN'), margins_cm=(2.0, 2.0, 2.0, 2.0))
    fodt_to_pdf(name2, xml)
    set_pdf_info(os.path.join(ROOT, name2 + '.pdf'), created_prog, title2)
    write_truth(name2 + '.txt', truth)
    entry(file=name2 + '.pdf', truth=name2 + '.txt', language='vi', fonts=['Noto Sans'], features=['two-column'],
          title='CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ', published=None, date_text=None,
          pdf_metadata_date=created_prog.isoformat(),
          text_from=prov(it, 'Programme sections I and II.1 verbatim (markdown removed); the "(Kèm theo Nghị quyết ... '
                             'ngày 09 tháng 01 năm 2025 ...)" line left out.'),
          note='No date line of its own (the subtitle cites the 22/12/2024 Politburo resolution, which is not the '
               'document date); only the PDF metadata carries a date. Body in two columns.')
    return name, name2


# ---------------------------------------------------------------------------------------------
# Scans
# ---------------------------------------------------------------------------------------------

def scanned(name, from_pdf, created, language, title, published, date_text, note, dpi=200):
    import img2pdf
    with tempfile.TemporaryDirectory() as td:
        # bilevel 200 dpi page images, CCITT G4 TIFF (like an office scanner), wrapped by img2pdf
        subprocess.run(['pdftoppm', '-r', str(dpi), '-mono', os.path.join(ROOT, from_pdf + '.pdf'),
                        os.path.join(td, 'p')], check=True)
        pages = []
        for f in sorted(os.listdir(td)):
            if f.endswith('.pbm'):
                tif = os.path.join(td, f[:-4] + '.tif')
                subprocess.run(['/usr/bin/convert', os.path.join(td, f), '-compress', 'Group4', tif], check=True)
                pages.append(tif)
        with open(os.path.join(ROOT, name + '.pdf'), 'wb') as f:
            f.write(img2pdf.convert(pages))
    src = next(e for e in MANIFEST if e['file'] == from_pdf + '.pdf')
    set_pdf_info(os.path.join(ROOT, name + '.pdf'), created, title or src['title'])
    shutil.copy(os.path.join(ROOT, from_pdf + '.txt'), os.path.join(ROOT, name + '.txt'))
    entry(file=name + '.pdf', truth=name + '.txt', language=language, kind='scanned', fonts=src['fonts'],
          features=['scanned', 'no-text-layer'] + [f for f in src['features'] if f in ('table', 'thai-digits', 'be-date-line', 'vi-header-block')],
          title=src['title'], published=published, date_text=date_text, pdf_metadata_date=created.isoformat(),
          text_from=src['text_from'], note=note)


def th_legacy_pua_full():
    """PUA positional forms AND decomposed sara am: what HarfBuzz's own no-GSUB fallback draws."""
    it = load('thai_vietnam_partnership')
    title, ps, date_line = clean(it['title']), paras(it), it['date_line']
    created = dt.datetime(2021, 11, 23, 10, 20, 0, tzinfo=TZ7)
    name = 'th-legacy-pua-am'
    shape = lambda s: legacy_thai.pua_shape(legacy_thai.split_sara_am(s))
    rl_document(name, title, date_line, ps, 'Loma', '/usr/share/fonts/truetype/tlwg/Loma.ttf', 14,
                shape, created, 'legacy Thai producer (PUA + decomposed SARA AM)')
    write_truth(name + '.txt', [date_line, title] + ps)
    used = sorted({ord(ch) for t in [title, date_line] + ps for ch in shape(t) if 0xF700 <= ord(ch) <= 0xF71F})
    mapping = {f'U+{u:04X}': f'U+{legacy_thai.PUA_TO_THAI[u]:04X} {chr(legacy_thai.PUA_TO_THAI[u])} '
                             f'({legacy_thai.PUA_ROLE[u]})' for u in used}
    entry(file=name + '.pdf', truth=name + '.txt', language='th', fonts=['Loma'],
          features=['pua-glyphs', 'sara-am-split'], title=title, published=thai_date_iso(date_line),
          date_text=date_line, pdf_metadata_date=created.isoformat(),
          text_from=prov(it, 'Verbatim; drawn string = pua_shape(split_sara_am(text)).'), pua_mapping=mapping,
          note='Both legacy transformations at once, i.e. the glyph sequence HarfBuzz itself produces for a Thai '
               'font without GSUB: ำ drawn as NIKHAHIT + SARA AA, marks as PUA positional variants (a nikhahit '
               'after an ascender consonant becomes U+F711).')
    return name


def vi_docx_nfd():
    """Vietnamese Word file typed in 'Unicode tổ hợp' (decomposed) mode, as Unikey/VNI users often produce."""
    import docx
    it = load('qd_06_2020')
    d0 = dt.date.fromisoformat(it['date_iso'])
    date_line = f'{it["place"]}, ngày {d0.day:02d} tháng {d0.month:02d} năm {d0.year}'
    created = dt.datetime(2020, 2, 21, 16, 40, 0, tzinfo=TZ7)
    font, size = 'Noto Serif', 13
    nfd = lambda s: unicodedata.normalize('NFD', s)
    doc = _docx_new(font, size, created, f'Quyết định số {it["number"]}', 'Văn phòng Chính phủ', 'vi-VN')
    truth = [it['issuer'], f'Số: {it["number"]}', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
             'Độc lập - Tự do - Hạnh phúc', date_line, 'QUYẾT ĐỊNH', it['title'], 'THỦ TƯỚNG CHÍNH PHỦ']
    for i, t in enumerate(truth):
        bold = i not in (1, 4)
        _docx_para(doc, nfd(t), font, size, 'center' if i >= 5 or i in (0, 1) else 'right', bold=bold,
                   italic=(i == 4))
    for a in it['articles']:
        head = f'Điều {a["n"]}. {a["heading"]}'
        _docx_para(doc, nfd(head), font, size, 'justify', bold=True, indent_cm=1.0)
        truth.append(head)
        for b in a['body']:
            b = clean(b)
            _docx_para(doc, nfd(b), font, size, 'justify', indent_cm=1.0)
            truth.append(b)
    name = 'vi-qd-06-2020-nfd'
    doc.save(os.path.join(ROOT, name + '.docx'))
    # truth identical to vi-qd-06-2020-nfd.txt (same text, same order); written again for clarity
    entry(file=name + '.docx', truth=name + '.txt', language='vi', kind='docx', fonts=[font],
          features=['docx', 'nfd'], title=f'QUYẾT ĐỊNH {it["title"]}', published=it['date_iso'], date_text=date_line,
          pdf_metadata_date=None, docx_core_created=created.isoformat(),
          text_from=prov(it, 'Same text as vi-qd-06-2020-nfd.pdf; header lines as plain paragraphs (no table).'),
          note='Every run of the .docx stores decomposed (NFD) text; the truth (shared with the PDF) is NFC.')
    return truth


# ---------------------------------------------------------------------------------------------
# Real documents found in public repositories (kept under tools/real/, truth written by hand)
# ---------------------------------------------------------------------------------------------

def real_docs():
    name = 'real-th-royal-gazette-140A022N'
    for ext in ('.pdf', '.txt'):
        shutil.copy(os.path.join(HERE, 'real', name + ext), os.path.join(ROOT, name + ext))
    entry(file=name + '.pdf', truth=name + '.txt', language='th', made_here=False,
          fonts=['TH SarabunIT๙', 'TH SarabunNew'],
          features=['header-footer', 'page-numbers', 'thai-digits', 'be-date-line', 'sara-am-split',
                    'spurious-spaces', 'digit-mapping', 'mark-order'],
          title='พระราชกฤษฎีกา ยุบสภาผู้แทนราษฎร พ.ศ. ๒๕๖๖', published='2023-03-17',
          date_text='ให้ไว้ ณ วันที่ ๑๗ มีนาคม พ.ศ. ๒๕๖๖', pdf_metadata_date='2023-03-20T08:00:20+00:00',
          text_from=dict(repository='wannaphong/fixthaipdf', path='tests/140A022N0000000000100.pdf',
                         commit='50633c3dc3572edcbe72f22aed2a9e1bf504f5e8',
                         licence='Royal Gazette (ราชกิจจานุเบกษา) publication of a Royal Decree: not a copyright work '
                                 'under the Thai Copyright Act B.E. 2537 s.7; repository licence Apache-2.0',
                         detail=dict(blob='cbe39f47cb600037ca9d313a2f6b9ef9eb7332c4',
                                     gazette='เล่ม ๑๔๐ ตอนที่ ๒๒ ก, ๒๐ มีนาคม ๒๕๖๖ (Royal Gazette vol. 140 part 22 Kor, '
                                             '2023-03-20)')),
          note='Real Royal Gazette PDF (2 pages; pdftk 2.02 / iText; fonts TH SarabunIT๙ + TH SarabunNew). Truth '
               'typed by reading the rendered pages; the running header "หน้า N / เล่ม ๑๔๐ ตอนที่ ๒๒ ก '
               'ราชกิจจานุเบกษา ๒๐ มีนาคม ๒๕๖๖" is left out. Wrapped lines are joined without a space unless the '
               'PDF has typed (double) spaces at the line end (Thai official style). The Garuda emblem is an image. '
               'The PDF date (Gazette publication, 20 March) differs from the signing date line (17 March).')


def main():
    os.makedirs(os.path.join(HERE, 'typeset'), exist_ok=True)
    th_cabinet_table()
    th_mou_thai_digits()
    th_report_multipage()
    th_legacy_pua()
    th_sara_am_split()
    th_legacy_pua_full()
    th_lo_simple('th-gistda-2col', 'gistda_satellite', 'Noto Sans Thai', 12, features=['two-column'], cols=2,
                 created=dt.datetime(2021, 9, 21, 7, 40, 0, tzinfo=TZ7),
                 note='Body in a two-column section (LibreOffice), title and date line span the page.')
    th_lo_simple('th-typewriter-memo', 'des_mri_ai', 'Tlwg Typo', 13, features=['monospace-marks'],
                 created=dt.datetime(2022, 5, 20, 15, 55, 10, tzinfo=TZ7),
                 note='Monospace TLWG font (typewriter look). LibreOffice places the zero-advance combining marks as '
                      'separate glyph runs; naive extraction puts marks on their own lines / out of order.')
    th_lo_simple('th-asean-hungary-nodate', 'asean_hungary_edu', 'Noto Serif Thai', 14, features=[],
                 date_line=False, created=dt.datetime(2022, 1, 19, 10, 2, 0, tzinfo=TZ7),
                 note='No date line in the text (the cabinet date appears inside the body only); the PDF metadata '
                      'date is the only document date.')
    th_lo_simple('th-mhesi-meti-kinnari', 'mhesi_japan_meti', 'Kinnari', 15, features=[],
                 created=dt.datetime(2022, 1, 18, 16, 12, 45, tzinfo=TZ7), date_style='BodyLeft')
    th_docx_innovation()
    vi_qd_10_2021()
    vi_qd_06_2020('vi-qd-06-2020-nfd', 'Noto Serif', True, dt.datetime(2020, 2, 24, 10, 11, 0, tzinfo=TZ7))
    docx_truth = vi_docx_nfd()
    assert docx_truth == open(os.path.join(ROOT, 'vi-qd-06-2020-nfd.txt'), encoding='utf-8').read().rstrip('\n').split('\n\n')
    vi_qd_06_2020('vi-qd-06-2020-nfc', 'Noto Sans', False, dt.datetime(2020, 3, 2, 14, 0, 0, tzinfo=TZ7))
    vi_nq_03(dt.datetime(2025, 1, 10, 18, 30, 0, tzinfo=TZ7), dt.datetime(2025, 7, 16, 9, 45, 0, tzinfo=TZ7))
    scanned('th-mou-scanned', 'th-mou-thai-digits', dt.datetime(2021, 7, 12, 11, 0, 0, tzinfo=TZ7), 'th',
            None, '2021-07-06', '๖ กรกฎาคม พ.ศ. ๒๕๖๔',
            'Page images only (pdftoppm 200 dpi bilevel, CCITT G4 TIFF, wrapped by img2pdf); no text layer.')
    scanned('th-cabinet-table-scanned', 'th-cabinet-table', dt.datetime(2021, 11, 9, 13, 30, 0, tzinfo=TZ7), 'th',
            None, '2021-11-05', 'วันศุกร์ที่ 5 พฤศจิกายน 2564',
            'Page images only of th-cabinet-table.pdf; a scanned table.')
    scanned('vi-qd-10-2021-scanned', 'vi-qd-10-2021', dt.datetime(2021, 3, 22, 15, 45, 0, tzinfo=TZ7), 'vi',
            None, '2021-03-16', 'Hà Nội, ngày 16 tháng 3 năm 2021',
            'Page images only of vi-qd-10-2021.pdf; no text layer.')
    scanned('th-report-multipage-scanned', 'th-report-multipage', dt.datetime(2022, 4, 5, 8, 15, 0, tzinfo=TZ7), 'th',
            None, None, None, 'Page images only of th-report-multipage.pdf (8 pages with running header, footer and '
            'page numbers to remove after OCR).')
    real_docs()
    with open(os.path.join(ROOT, 'manifest.yaml'), 'w', encoding='utf-8') as f:
        yaml.safe_dump({'documents': MANIFEST}, f, allow_unicode=True, sort_keys=False, width=110)
    print(len(MANIFEST), 'entries')


if __name__ == '__main__':
    main()
