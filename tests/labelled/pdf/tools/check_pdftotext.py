#!/usr/bin/env python3
"""Sanity check only (NOT ground truth): run poppler's pdftotext on every PDF of the manifest and count
the naive-extraction defects the repair code will have to handle. Writes tools/pdftotext_report.md and
tools/pdftotext_report.json and the raw outputs to tools/pdftotext_out/.
"""
import difflib
import json
import os
import re
import subprocess
import unicodedata
from collections import Counter

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, 'pdftotext_out')

THAI = '\u0E01-\u0E2E'
DEP = '\u0E30-\u0E3A\u0E45\u0E47-\u0E4E'  # dependent vowels, tone marks, signs a word cannot start with
PAGE_NO = re.compile(r'^\s*(?:-\s*)?(?:หน้า\s*)?[0-9๐-๙]+(?:\s*-)?\s*$|หน้า\s*[0-9๐-๙]+\s*จาก\s*[0-9๐-๙]+')


def analyse(text, truth):
    nfc = unicodedata.normalize('NFC', text)
    pages = [p for p in text.split('\f') if p.strip()]
    lines_per_page = [[l.strip() for l in p.split('\n') if l.strip()] for p in pages]
    seen = Counter()
    for ls in lines_per_page:
        for l in set(ls):
            seen[l] += 1
    repeated = sorted(l for l, n in seen.items() if n >= 2 and len(pages) >= 2 and not re.fullmatch(r'[\W\d_]*', l))
    lines = [l for l in text.split('\n')]
    thai_wraps = sum(1 for a, b in zip(lines, lines[1:])
                     if re.search(f'[{THAI}{DEP}]$', a) and re.match(f'^[{THAI}\u0E40-\u0E44]', b))
    truth_wraps = sum(1 for a, b in zip(truth.split('\n'), truth.split('\n')[1:])
                      if re.search(f'[{THAI}{DEP}]$', a) and re.match(f'^[{THAI}\u0E40-\u0E44]', b))
    hyph = sum(1 for a, b in zip(lines, lines[1:]) if re.search(r'[A-Za-z]-$', a) and re.match(r'^[a-z]', b))
    squash = lambda s: re.sub(r'\s+', '', unicodedata.normalize('NFC', s))
    sm = difflib.SequenceMatcher(None, squash(text), squash(truth), autojunk=False)
    return {
        'chars': len(text.strip()),
        'pages_with_text': len(pages),
        'pua': sum(1 for c in text if 0xE000 <= ord(c) <= 0xF8FF),
        'am_truth': truth.count('\u0E33'),
        'am_out': nfc.count('\u0E33'),
        'am_nikhahit_aa': len(re.findall('\u0E4D[\u0E48-\u0E4B]?\u0E32', text)),
        'space_before_aa': len(re.findall(f'[{THAI}][\u0E31-\u0E3A\u0E47-\u0E4E]* \u0E32', text)),
        'space_before_dependent': len(re.findall(f' [{DEP}]', text)),
        'line_starts_with_mark': sum(1 for l in lines if re.match(f'^[{DEP}]', l)),
        'combining_latin_marks(NFD)': sum(1 for c in text if 0x0300 <= ord(c) <= 0x036F),
        'nfc': text == nfc,
        'arabic_digits_out': len(re.findall('[0-9]', text)), 'arabic_digits_truth': len(re.findall('[0-9]', truth)),
        'thai_digits_out': len(re.findall('[๐-๙]', text)), 'thai_digits_truth': len(re.findall('[๐-๙]', truth)),
        'thai_line_wraps': max(0, thai_wraps - truth_wraps),
        'hyphenated_line_ends': hyph,
        'page_number_lines': sum(1 for l in lines if PAGE_NO.search(l)) - sum(1 for l in truth.split('\n') if PAGE_NO.search(l)),
        'repeated_lines_across_pages': repeated[:6],
        'similarity_no_whitespace': round(sm.ratio(), 4),
    }


def defects(r, e):
    d = []
    if r['chars'] == 0:
        return ['no text layer (needs OCR)']
    if r['pua']:
        d.append(f"PUA glyphs x{r['pua']}")
    if r['am_nikhahit_aa']:
        d.append(f"sara am as nikhahit+aa x{r['am_nikhahit_aa']}")
    lost = r['am_truth'] - r['am_out'] - r['am_nikhahit_aa']
    if lost > 0:
        d.append(f"sara am lost (extracted as space+า or า) x{lost}")
    if r['space_before_dependent']:
        d.append(f"spurious space before a vowel/tone mark x{r['space_before_dependent']} "
                 f"(of which before า: {r['space_before_aa']})")
    if r['line_starts_with_mark']:
        d.append(f"lines starting with a mark x{r['line_starts_with_mark']}")
    if r['combining_latin_marks(NFD)']:
        d.append(f"NFD ({r['combining_latin_marks(NFD)']} combining marks)")
    elif not r['nfc']:
        d.append("Thai marks in non-canonical order (not NFC)")
    if r['thai_digits_truth'] and r['arabic_digits_out'] > r['arabic_digits_truth']:
        d.append(f"Thai digits extracted as Arabic x{r['arabic_digits_out'] - r['arabic_digits_truth']}")
    if r['thai_line_wraps']:
        d.append(f"Thai lines wrapped mid-paragraph x{r['thai_line_wraps']} (join without space)")
    if r['hyphenated_line_ends']:
        d.append(f"hyphenated line ends x{r['hyphenated_line_ends']}")
    if r['page_number_lines'] > 0:
        d.append(f"page-number lines x{r['page_number_lines']}")
    if r['repeated_lines_across_pages']:
        d.append(f"{len(r['repeated_lines_across_pages'])} header/footer line(s) repeated on every page")
    return d


def main():
    os.makedirs(OUT, exist_ok=True)
    man = yaml.safe_load(open(os.path.join(ROOT, 'manifest.yaml'), encoding='utf-8'))['documents']
    report = {}
    rows = []
    for e in man:
        if not e['file'].endswith('.pdf'):
            continue
        path = os.path.join(ROOT, e['file'])
        text = subprocess.run(['pdftotext', '-enc', 'UTF-8', path, '-'], capture_output=True).stdout.decode('utf-8')
        with open(os.path.join(OUT, e['file'][:-4] + '.pdftotext.txt'), 'w', encoding='utf-8') as f:
            f.write(text)
        truth = open(os.path.join(ROOT, e['truth']), encoding='utf-8').read()
        r = analyse(text, truth)
        r['defects'] = defects(r, e)
        report[e['file']] = r
        rows.append(f"| {e['file']} | {e['kind']} | {r['similarity_no_whitespace']} | "
                    f"{'; '.join(r['defects']) or '—'} |")
    with open(os.path.join(HERE, 'pdftotext_report.json'), 'w', encoding='utf-8') as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
    md = ['| file | kind | similarity to truth (whitespace removed) | naive pdftotext defects |',
          '|---|---|---|---|'] + rows
    with open(os.path.join(HERE, 'pdftotext_report.md'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(md) + '\n')
    print('\n'.join(md))


if __name__ == '__main__':
    main()
