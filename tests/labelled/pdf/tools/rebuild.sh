#!/bin/sh
# Rebuild the whole set. Run from anywhere; writes only under /work/staging/pdfs/.
set -e
cd "$(dirname "$0")/.."
# system packages (Debian 12): LibreOffice, fonts, poppler, ImageMagick, hyphenation dictionary
#   apt-get install -y libreoffice-writer-nogui fonts-thai-tlwg fonts-noto-core poppler-utils \
#                      imagemagick hyphen-en-us
[ -x .venv/bin/python ] || { python3 -m venv .venv && .venv/bin/pip install -r tools/requirements.txt; }
# 1. (optional) re-extract source texts from the git mirrors into tools/sources/*.json
[ -d /work/.mirror/PyThaiNLP+thaigov-v2-corpus/repo ] && .venv/bin/python tools/extract_sources.py || true
# 2. typeset / draw / convert / scan, write truths and manifest.yaml
rm -f ./*.pdf ./*.txt ./*.doc ./*.docx manifest.yaml
.venv/bin/python tools/build.py
# 3. sanity check with pdftotext (not ground truth)
.venv/bin/python tools/check_pdftotext.py > /dev/null
