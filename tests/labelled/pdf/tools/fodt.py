"""Tiny writer for flat ODT (.fodt) documents that LibreOffice converts to PDF.

A document is a list of blocks:
  ('p', style, text)                 paragraph in a named style (see PARA_STYLES)
  ('table', widths_cm, rows, header) table; rows = list of list of str; header = True if first row is a header
  ('cols', n, blocks)                a section with n columns containing blocks
  ('break',)                         page break before the next paragraph
"""
from xml.sax.saxutils import escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/"')


def _txt(font, size, bold=False, italic=False, extra=''):
    s = (f'style:font-name="{font}" fo:font-size="{size}pt" style:font-name-complex="{font}" '
         f'style:font-size-complex="{size}pt" style:font-name-asian="{font}" style:font-size-asian="{size}pt"')
    if bold:
        s += ' fo:font-weight="bold" style:font-weight-complex="bold" style:font-weight-asian="bold"'
    if italic:
        s += ' fo:font-style="italic" style:font-style-complex="italic" style:font-style-asian="italic"'
    return s + ' ' + extra


def para_styles(font, size):
    # name: (paragraph-properties, text-properties)
    return {
        'Title': ('fo:text-align="center" fo:margin-bottom="0.25cm" fo:margin-top="0.1cm"',
                  _txt(font, size + 3, bold=True)),
        'Heading': ('fo:text-align="start" fo:margin-top="0.3cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"',
                    _txt(font, size + 1, bold=True)),
        'Center': ('fo:text-align="center" fo:margin-bottom="0.1cm"', _txt(font, size)),
        'CenterBold': ('fo:text-align="center" fo:margin-bottom="0.1cm"', _txt(font, size, bold=True)),
        'CenterItalic': ('fo:text-align="center" fo:margin-bottom="0.1cm"', _txt(font, size, italic=True)),
        'Right': ('fo:text-align="end" fo:margin-bottom="0.2cm"', _txt(font, size)),
        'RightItalic': ('fo:text-align="end" fo:margin-bottom="0.2cm"', _txt(font, size, italic=True)),
        'Body': ('fo:text-align="justify" fo:text-indent="1.25cm" fo:margin-bottom="0.15cm"', _txt(font, size)),
        'BodyLeft': ('fo:text-align="start" fo:margin-bottom="0.15cm"', _txt(font, size)),
        'BodyBold': ('fo:text-align="justify" fo:margin-bottom="0.15cm" fo:keep-with-next="always"',
                     _txt(font, size, bold=True)),
        'Item': ('fo:text-align="justify" fo:margin-left="0.6cm" fo:margin-bottom="0.1cm"', _txt(font, size)),
        'Cell': ('fo:text-align="start"', _txt(font, size - 2)),
        'CellNum': ('fo:text-align="end"', _txt(font, size - 2)),
        'CellHead': ('fo:text-align="center"', _txt(font, size - 2, bold=True)),
        'Header': ('fo:text-align="center" fo:border-bottom="0.5pt solid #000000" fo:padding-bottom="0.1cm"',
                   _txt(font, size - 3)),
        'Footer': ('fo:text-align="center" fo:border-top="0.5pt solid #000000" fo:padding-top="0.1cm"',
                   _txt(font, size - 3)),
        'HeaderNum': ('fo:text-align="center"', _txt(font, size - 2)),
    }


def _fieldify(text):
    """{page} and {pages} become page-number / page-count fields."""
    out = escape(text)
    out = out.replace('{page}', '<text:page-number text:select-page="current">1</text:page-number>')
    out = out.replace('{pages}', '<text:page-count>1</text:page-count>')
    return out


def render(blocks, *, font, size, title, creation_date, lang_western=('en', 'US'),
           lang_complex=('th', 'TH'), header=None, footer=None, margins_cm=(2.0, 2.0, 3.0, 2.0),
           hyphenate=False, creator='stiwatch eval set'):
    """Return the .fodt XML. margins = (top, bottom, left, right)."""
    styles = para_styles('F1', size)
    lw, cw = lang_western
    lc, cc = lang_complex
    hy = ('fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"'
          if hyphenate else 'fo:hyphenate="false"')
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">',
           '<office:meta>', f'<dc:title>{escape(title)}</dc:title>',
           f'<meta:initial-creator>{escape(creator)}</meta:initial-creator>',
           f'<meta:creation-date>{creation_date}</meta:creation-date>', f'<dc:date>{creation_date}</dc:date>',
           '</office:meta>',
           '<office:font-face-decls>',
           f'<style:font-face style:name="F1" svg:font-family="&apos;{escape(font)}&apos;"/>',
           '</office:font-face-decls>', '<office:styles>',
           '<style:default-style style:family="paragraph"><style:paragraph-properties fo:orphans="2" fo:widows="2"/>'
           f'<style:text-properties {_txt("F1", size)} fo:language="{lw}" fo:country="{cw}" '
           f'style:language-complex="{lc}" style:country-complex="{cc}" {hy}/></style:default-style>']
    for name, (pp, tp) in styles.items():
        out.append(f'<style:style style:name="{name}" style:family="paragraph">'
                   f'<style:paragraph-properties {pp}/><style:text-properties {tp}/></style:style>')
    out.append('</office:styles>')
    # automatic styles: page layout, tables, sections, page break
    top, bottom, left, right = margins_cm
    out.append('<office:automatic-styles>')
    hf = ''
    if header:
        hf += ('<style:header-style><style:header-footer-properties fo:min-height="0.6cm" '
               'fo:margin-bottom="0.4cm"/></style:header-style>')
    if footer:
        hf += ('<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" '
               'fo:margin-top="0.4cm"/></style:footer-style>')
    out.append(f'<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" '
               f'fo:page-height="29.7cm" fo:margin-top="{top}cm" fo:margin-bottom="{bottom}cm" '
               f'fo:margin-left="{left}cm" fo:margin-right="{right}cm"/>{hf}</style:page-layout>')
    out.append('<style:style style:name="PB" style:family="paragraph" style:parent-style-name="Body">'
               '<style:paragraph-properties fo:break-before="page"/></style:style>')
    body = []
    counters = {'t': 0, 's': 0}

    def emit(blocks):
        for b in blocks:
            if b[0] == 'p':
                _, st, text = b
                body.append(f'<text:p text:style-name="{st}">{escape(text)}</text:p>')
            elif b[0] == 'break':
                body.append('__BREAK__')
            elif b[0] == 'table':
                _, widths, rows, has_header, border = (b + (True,))[:5] if len(b) == 4 else b
                counters['t'] += 1
                tn = f'Tbl{counters["t"]}'
                total = sum(widths)
                out.append(f'<style:style style:name="{tn}" style:family="table"><style:table-properties '
                           f'style:width="{total}cm" table:align="center"/></style:style>')
                for i, w in enumerate(widths):
                    out.append(f'<style:style style:name="{tn}C{i}" style:family="table-column">'
                               f'<style:table-column-properties style:column-width="{w}cm"/></style:style>')
                bd = 'fo:border="0.5pt solid #000000"' if border else 'fo:border="none"'
                out.append(f'<style:style style:name="{tn}Cell" style:family="table-cell">'
                           f'<style:table-cell-properties {bd} fo:padding="0.08cm"/></style:style>')
                body.append(f'<table:table table:name="{tn}" table:style-name="{tn}">')
                for i in range(len(widths)):
                    body.append(f'<table:table-column table:style-name="{tn}C{i}"/>')
                for ri, row in enumerate(rows):
                    head = has_header and ri == 0
                    if head:
                        body.append('<table:table-header-rows>')
                    body.append('<table:table-row>')
                    for cell in row:
                        if isinstance(cell, tuple):
                            cst, ctext = cell
                        else:
                            cst, ctext = ('CellHead' if head else 'Cell'), cell
                        paras = ''.join(f'<text:p text:style-name="{cst}">{escape(t)}</text:p>'
                                        for t in ctext.split('\n'))
                        body.append(f'<table:table-cell table:style-name="{tn}Cell" office:value-type="string">'
                                    f'{paras}</table:table-cell>')
                    body.append('</table:table-row>')
                    if head:
                        body.append('</table:table-header-rows>')
                body.append('</table:table>')
            elif b[0] == 'cols':
                _, n, inner = b
                counters['s'] += 1
                sn = f'Sect{counters["s"]}'
                out.append(f'<style:style style:name="{sn}" style:family="section"><style:section-properties>'
                           f'<style:columns fo:column-count="{n}" fo:column-gap="0.8cm"/>'
                           f'</style:section-properties></style:style>')
                body.append(f'<text:section text:style-name="{sn}" text:name="{sn}">')
                emit(inner)
                body.append('</text:section>')
            else:
                raise ValueError(b)

    emit(blocks)
    # page breaks: turn the paragraph after a break marker into a page-breaking copy of its style
    final = []
    pending = False
    for x in body:
        if x == '__BREAK__':
            pending = True
            continue
        if pending and x.startswith('<text:p text:style-name="'):
            st = x.split('"')[1]
            out.append(f'<style:style style:name="{st}PB" style:family="paragraph" style:parent-style-name="{st}">'
                       '<style:paragraph-properties fo:break-before="page"/></style:style>')
            x = x.replace(f'text:style-name="{st}"', f'text:style-name="{st}PB"', 1)
            pending = False
        final.append(x)
    out.append('</office:automatic-styles>')
    out.append('<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">')
    if header:
        st = 'HeaderNum' if header.strip() in ('{page}', '- {page} -') else 'Header'
        out.append(f'<style:header><text:p text:style-name="{st}">{_fieldify(header)}</text:p></style:header>')
    if footer:
        out.append(f'<style:footer><text:p text:style-name="Footer">{_fieldify(footer)}</text:p></style:footer>')
    out.append('</style:master-page></office:master-styles>')
    out.append('<office:body><office:text>')
    out.extend(final)
    out.append('</office:text></office:body></office:document>')
    return '\n'.join(out)
