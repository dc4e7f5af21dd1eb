#!/usr/bin/env python3
"""Extract the source texts used by build.py from local git mirrors of public repositories.

Writes tools/sources/*.json (title, date line, paragraphs, provenance). The JSON files are
kept in the set so build.py can rebuild without the mirrors.
Mirrors were made with the session's `fetch` tool:
  /work/.mirror/PyThaiNLP+thaigov-v2-corpus/repo
  /work/.mirror/diepxuan+diepxuan.github.io/repo
  /work/.mirror/thetrungdtt+VNMasterplan/repo
"""
import json, os, re, subprocess, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'sources')
TG = '/work/.mirror/PyThaiNLP+thaigov-v2-corpus/repo'
DX = '/work/.mirror/diepxuan+diepxuan.github.io/repo'
VM = '/work/.mirror/thetrungdtt+VNMasterplan/repo'


def git(repo, *args):
    return subprocess.run(['git', '-C', repo, *args], capture_output=True, check=True).stdout


def head(repo):
    return git(repo, 'rev-parse', 'HEAD').decode().strip()


def last_commit(repo, path):
    return git(repo, 'log', '-1', '--format=%H', '--', path).decode().strip()


# --- Thai: thaigov-v2-corpus -------------------------------------------------
THAI = {
    # id: blob path in the corpus
    'mekong_lancang_fund': 'data/2022/11/05/ข่าวคณะโฆษก_452_1ac2601d-34b0-4118-8827-b67f5aba2447.txt',
    'mod_mhesi_mou': 'data/2022/11/05/ด้านความมั่นคง_59_eb904f14-f3f3-424a-b7b9-395755417574.txt',
    'thai_vietnam_partnership': 'data/2022/11/05/ข่าวคณะโฆษก_540_701f541f-e804-49e4-bec0-de870ecebc73.txt',
    'asean_china_sti': 'data/2022/11/05/ด้านเศรษฐกิจ_2302_ba8d3674-8570-4fa4-8007-1846e4c3e1fc.txt',
    'hpe_nstda_hpc': 'data/2022/11/05/ด้านเศรษฐกิจ_2150_860444fc-348d-47cb-8113-0b9214ec96ac.txt',
    'laos_scholarships': 'data/2022/11/06/ด้านการศึกษาฯ_18_569d9b25-d31c-4d8f-81cd-0547a697ea40.txt',
    'mekong_lancang_5docs': 'data/2022/11/05/ข่าวคณะโฆษก_1868_acc12f3f-b7f5-4a4b-b6d5-ebbf0b51e8f0.txt',
}
THAI_TITLES = {  # extra items located by title substring
    'gistda_satellite': 'นายกฯ ชมความก้าวหน้าสถานีดาวเทียม',
    'des_mri_ai': 'ดีอีเอส หารือผู้แทน MRI',
    'innovation_top30': 'รัฐบาลตั้งเป้าไทยอยู่ 1 ใน 30 ประเทศนวัตกรรมโลก',
    'asean_hungary_edu': 'ครม.เห็นชอบความตกลงความร่วมมืออาเซียนกับฮังการี',
    'mhesi_japan_meti': 'รมว.อว. ต้อนรับ ฯพณฯท่าน นายฮากิอูดะ',
    'asean_korea_innovation_centre': 'เร่งผลักดันการจัดตั้งศูนย์นวัตกรรมอุตสาหกรรมอาเซียน-เกาหลีใต้',
}
PREFIX = 'รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-'


def parse_thaigov(text):
    lines = [l.rstrip() for l in text.split('\n')]
    title = lines[0].strip()
    if title.startswith(PREFIX):
        title = title[len(PREFIX):]
    title = title.strip().lstrip('\u200b')
    date_line, paras, url = None, [], None
    for l in lines[1:]:
        s = l.strip().lstrip('\u200b').strip()
        if not s:
            continue
        if date_line is None and re.match(r'^วัน\S+ที่ \d+ \S+ \d{4}$', s):
            date_line = s
            continue
        if s == 'พิมพ์' or re.fullmatch(r'\.{3,}', s):
            continue
        if s.startswith('ที่มา'):
            url = s.split(':', 1)[1].strip()
            continue
        if s == title:  # the corpus repeats the title
            continue
        paras.append(s)
    return title, date_line, paras, url


def thai_items():
    commit = head(TG)
    listing = git(TG, 'ls-tree', '-r', '-z', 'HEAD', 'data')
    entries = {}
    for rec in listing.split(b'\0'):
        if rec:
            meta, path = rec.split(b'\t', 1)
            entries[path.decode()] = meta.split()[2].decode()
    wanted = dict(THAI)
    if THAI_TITLES:
        # locate by title: scan only candidates whose first line matches
        import subprocess as sp
        p = sp.Popen(['git', '-C', TG, 'cat-file', '--batch'], stdin=sp.PIPE, stdout=sp.PIPE)
        todo = dict(THAI_TITLES)
        for path, sha in sorted(entries.items()):
            if not todo:
                break
            p.stdin.write((sha + '\n').encode()); p.stdin.flush()
            n = int(p.stdout.readline().split()[2]); data = p.stdout.read(n); p.stdout.read(1)
            first = data.decode('utf-8', 'replace').split('\n', 1)[0]
            for k, sub in list(todo.items()):
                if sub in first:
                    wanted[k] = path
                    del todo[k]
        p.stdin.close(); p.wait()
    for key, path in wanted.items():
        sha = entries[path]
        text = git(TG, 'cat-file', '-p', sha).decode('utf-8')
        title, date_line, paras, url = parse_thaigov(text)
        yield key, dict(
            language='th', title=title, date_line=date_line, paragraphs=paras,
            provenance=dict(repository='PyThaiNLP/thaigov-v2-corpus', path=path, commit=commit,
                            blob=sha, source_url=url,
                            licence='public domain per the corpus README (Thai Copyright Act B.E. 2537 s.7: '
                                    'news of the day and official announcements are not copyright works); '
                                    'repository LICENSE file is Apache-2.0 (code)'))


# --- Vietnamese: Pháp điển pages in diepxuan/diepxuan.github.io ----------------
VN_LICENCE = ('Vietnamese legal document: not subject to copyright (Law on Intellectual Property, Article 15); '
              'repository licence: {}')


def phap_dien_articles(md, qd_number, wanted_articles):
    """Collect articles 'Điều N' of decision qd_number from a Pháp điển markdown page."""
    lines = md.split('\n')
    arts = {}
    i = 0
    while i < len(lines):
        m = re.match(r'^\(Điều (\d+) Quyết định số ' + re.escape(qd_number), lines[i])
        if m:
            n = int(m.group(1))
            # heading is the nearest previous non-empty line starting with 'Điều '
            j = i - 1
            while j >= 0 and not lines[j].startswith('Điều '):
                j -= 1
            heading = re.sub(r'^Điều [\d.]+[A-ZĐ]+\.[\d.]+\.?\s*', '', lines[j]).strip()
            body = []
            k = i + 1
            while k < len(lines):
                s = lines[k].strip()
                if s.startswith('Điều ') and re.match(r'^Điều \d+\.\d+\.', s):
                    break
                if s.startswith('Chương ') or s.startswith('#') or s.startswith('---'):
                    break
                if s.startswith('(Điều này có nội dung') or s.startswith('(Chương này có nội dung'):
                    k += 1
                    continue
                if s:
                    body.append(s)
                k += 1
            if n in wanted_articles:
                arts[n] = dict(heading=heading, body=body)
            i = k
            continue
        i += 1
    return arts


def vn_items():
    dx_licence = git(DX, 'show', 'HEAD:LICENSE').decode().split('\n')[0].strip()
    path = 'van-ban/khoa-hoc-cong-nghe/cong-nghe-cao.md'
    md = git(DX, 'show', 'HEAD:' + path).decode()
    arts = phap_dien_articles(md, '10/2021/QĐ-TTg', {1, 2, 3, 4, 5})
    yield 'qd_10_2021', dict(
        language='vi', number='10/2021/QĐ-TTg', issuer='THỦ TƯỚNG CHÍNH PHỦ',
        date_iso='2021-03-16', place='Hà Nội',
        title='Quy định tiêu chí xác định doanh nghiệp công nghệ cao',
        articles=[dict(n=n, **arts[n]) for n in sorted(arts)],
        provenance=dict(repository='diepxuan/diepxuan.github.io', path=path, commit=head(DX),
                        last_change=last_commit(DX, path),
                        licence=VN_LICENCE.format(dx_licence + ' (MIT)'),
                        note='Articles 1-5 as compiled in the Pháp điển (official legal code) page; '
                             'number, issuer and date from the page\'s citation line; the preamble '
                             '(Căn cứ ...) and signature block are not in the source and were not invented.'))
    path = 'van-ban/ngoai-giao-dieu-uoc-quoc-te/to-chuc-quan-ly-hoi-nghi-hoi-thao-quoc-te-tai-viet-nam.md'
    md = git(DX, 'show', 'HEAD:' + path).decode()
    arts = phap_dien_articles(md, '06/2020/QĐ-TTg', {1, 2, 5, 6})
    yield 'qd_06_2020', dict(
        language='vi', number='06/2020/QĐ-TTg', issuer='THỦ TƯỚNG CHÍNH PHỦ',
        date_iso='2020-02-21', place='Hà Nội',
        title='Về tổ chức và quản lý hội nghị, hội thảo quốc tế tại Việt Nam',
        articles=[dict(n=n, **arts[n]) for n in sorted(arts)],
        provenance=dict(repository='diepxuan/diepxuan.github.io', path=path, commit=head(DX),
                        last_change=last_commit(DX, path),
                        licence=VN_LICENCE.format(dx_licence + ' (MIT)'),
                        note='Articles 1, 2, 5 and 6 as compiled in the Pháp điển page (articles 3-4 are '
                             'truncated in that page and were left out).'))
    path = 'NQCP03/Kehoachgoc.md'
    md = git(VM, 'show', 'HEAD:' + path).decode()
    yield 'nq_03_2025', dict(
        language='vi', markdown=md, number='03/NQ-CP', issuer='CHÍNH PHỦ', date_iso='2025-01-09',
        place='Hà Nội',
        provenance=dict(repository='thetrungdtt/VNMasterplan', path=path, commit=head(VM),
                        last_change=last_commit(VM, path),
                        licence=VN_LICENCE.format('none stated in the repository'),
                        note='Markdown transcription of Resolution 03/NQ-CP (09/01/2025); typos of the '
                             'transcription kept verbatim.'))


def main():
    os.makedirs(OUT, exist_ok=True)
    for gen in (thai_items(), vn_items()):
        for key, item in gen:
            item = json.loads(unicodedata.normalize('NFC', json.dumps(item, ensure_ascii=False)))
            with open(os.path.join(OUT, key + '.json'), 'w', encoding='utf-8') as f:
                json.dump(item, f, ensure_ascii=False, indent=1)
            print(key, item.get('title', '')[:60])


if __name__ == '__main__':
    main()
