"""Documents: PDF extractors compared on quality and speed, OCR speed, rendered pages per minute.

1. **Text layers**: every text-layer PDF of the labelled set (tests/labelled/pdf) read by
   - PDFium (pypdfium2) raw: ``get_text_range`` per page, no repair;
   - pdfminer.six through pdfplumber (``extract_text`` per page), no repair;
   - pdfminer.six's own ``extract_text`` with its default layout analysis, no repair;
   - stiwatch: ``convert_document`` (PDFium lines + geometry, layout, Thai repairs).
   Character error rate (Thai: whitespace removed; Vietnamese: whitespace runs as one space;
   both sides NFC with sara am composed) summed per language, and pages per second (median
   of the repeats, each repeat reading every PDF once).
2. **OCR**: the scanned PDFs read by Tesseract through ``convert_document`` (pages per minute),
   one page at a time and two (``document.ocr_jobs``).
3. **Rendering**: the replay archive's BRIN shell (a list built by its script) rendered by
   headless Chromium the way the crawler renders (one page at a time, images, fonts and
   media blocked, every request answered by the replay server): pages per minute.

    python bench/bench_documents.py --repeat 5 --renders 20 --out bench/results_documents.json
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from stiwatch.pipelines.documents.convert import DocumentOptions, convert_document  # noqa: E402
from stiwatch.pipelines.evaluation.documents import DEFAULT_SET, comparable  # noqa: E402


def _pdfium_raw(body: bytes) -> tuple[str, int]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(body)
    try:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        return "\n".join(texts), len(texts)
    finally:
        doc.close()


def _pdfplumber(body: bytes) -> tuple[str, int]:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(body)) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    return "\n".join(texts), len(texts)


def _pdfminer(body: bytes) -> tuple[str, int]:
    import io

    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    pages = sum(1 for _ in PDFPage.get_pages(io.BytesIO(body)))
    return extract_text(io.BytesIO(body)), pages


def _stiwatch(body: bytes) -> tuple[str, int]:
    got = convert_document(body, "pdf", DocumentOptions(ocr=False))
    return got.text, got.pages


EXTRACTORS = {
    "pdfium-raw": _pdfium_raw,
    "pdfplumber": _pdfplumber,
    "pdfminer": _pdfminer,
    "stiwatch": _stiwatch,
}


def text_layers(repeat: int) -> dict[str, Any]:
    entries = yaml.safe_load((DEFAULT_SET / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    docs = [
        (e, (DEFAULT_SET / e["file"]).read_bytes(), (DEFAULT_SET / e["truth"]).read_text(encoding="utf-8"))
        for e in entries
        if e["kind"] == "text-layer"
    ]
    out: dict[str, Any] = {}
    for name, extract in EXTRACTORS.items():
        edits: dict[str, int] = {}
        chars: dict[str, int] = {}
        per_doc: dict[str, float] = {}
        rates = []
        for round_ in range(repeat):
            pages = 0
            started = time.perf_counter()
            for entry, body, truth in docs:
                text, n = extract(body)
                pages += n
                if round_ == 0:
                    lang = entry["language"]
                    want, got = comparable(truth, lang), comparable(text, lang)
                    e = Levenshtein.distance(got, want)
                    edits[lang] = edits.get(lang, 0) + e
                    chars[lang] = chars.get(lang, 0) + len(want)
                    per_doc[entry["file"]] = round(e / len(want), 4)
            rates.append(pages / (time.perf_counter() - started))
        out[name] = {
            "cer": {lang: round(edits[lang] / chars[lang], 4) for lang in sorted(edits)},
            "pages_per_s_median": round(statistics.median(rates), 1),
            "pages": pages,
            "per_document_cer": per_doc,
        }
        print(f"{name:11s} CER {out[name]['cer']}  {out[name]['pages_per_s_median']} pages/s", flush=True)
    return out


def ocr(jobs: int) -> dict[str, Any]:
    """The scans read with ``jobs`` pages at once; wall time, and the CPU seconds Tesseract
    used (on a shared machine the wall time says how busy it was, the CPU time does not)."""
    entries = yaml.safe_load((DEFAULT_SET / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    pages = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    for entry in entries:
        if entry["kind"] == "scanned":
            pages += convert_document(
                (DEFAULT_SET / entry["file"]).read_bytes(), "pdf", DocumentOptions(ocr_jobs=jobs)
            ).pages
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = {
        "ocr_jobs": jobs,
        "pages": pages,
        "seconds": round(seconds, 1),
        "tesseract_cpu_seconds": round(cpu, 1),
        "pages_per_minute": round(60 * pages / seconds, 1),
    }
    print(f"ocr         {result}", flush=True)
    return result


def rendering(renders: int) -> dict[str, Any]:
    import asyncio

    from playwright.async_api import async_playwright

    from stiwatch.crawler.browser import CHROMIUM_ARGS, find_browser, should_abort_request
    from stiwatch.crawler.replay.server import SCHEME_HEADER, ReplayServer, replay_path

    executable = find_browser()
    if executable is None:
        return {"skipped": "no Chromium"}

    async def run(base: str) -> list[float]:
        times: list[float] = []
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
            context = await browser.new_context()

            async def answer(route: Any, request: Any) -> None:
                if should_abort_request(request):
                    await route.abort()
                    return
                path, scheme = replay_path(request.url)
                reply = await context.request.fetch(base + path, headers={SCHEME_HEADER: scheme})
                await route.fulfill(status=reply.status, headers=reply.headers, body=await reply.body())

            for _ in range(renders):
                page = await context.new_page()
                await page.route("**", answer)
                started = time.perf_counter()
                await page.goto("https://brin.go.id/news")
                await page.wait_for_load_state("networkidle")
                links = await page.eval_on_selector_all("a[href^='/news/']", "els => els.length")
                times.append(time.perf_counter() - started)
                assert links == 2, links
                await page.close()
            await browser.close()
        return times

    with ReplayServer() as server:
        times = asyncio.run(run(server.url))
    result = {
        "renders": renders,
        "median_s": round(statistics.median(times), 3),
        "pages_per_minute": round(60 / statistics.median(times), 1),
    }
    print(f"rendering   {result}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument(
        "--only", choices=("text_layers", "ocr", "rendering"), help="run one part; --out keeps the others"
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    parts: dict[str, Any] = {
        "text_layers": lambda: text_layers(args.repeat),
        "ocr": lambda: None if args.no_ocr else [ocr(1), ocr(2)],
        "rendering": lambda: rendering(args.renders),
    }
    results: dict[str, Any] = {}
    if args.only and args.out and args.out.exists():
        results = json.loads(args.out.read_text(encoding="utf-8"))
    for name, run in parts.items():
        if args.only in (None, name):
            results[name] = run()
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
