"""A document reader that waits for a gate file before reading (tests/test_document_crawl.py).

Configured as ``document.converter`` for one crawl, it runs in the crawl's document worker:
it holds its PDF until the test has seen the other source's articles go through the whole
pipeline, then reads it with the real reader. Bounded: after ``GATE_WAIT`` seconds it gives up
and says so, which the test reports as a crawl that waited on the PDF.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from stiwatch.pipelines.documents.convert import Converted, DocumentOptions, convert_document

GATE_ENV = "STIWATCH_TEST_DOCUMENT_GATE"
GATE_WAIT = 120.0


def gated_convert(body: bytes, fmt: str, options: DocumentOptions) -> Converted:
    gate = Path(os.environ[GATE_ENV])
    waited = 0.0
    while not gate.exists():
        if waited >= GATE_WAIT:
            return Converted(format=fmt, method="none", problems=[("damaged", "gate never opened")])
        time.sleep(0.1)
        waited += 0.1
    return convert_document(body, fmt, options)
