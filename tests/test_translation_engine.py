"""The batched engine over real (tiny) Argos packages: exact outputs, pivot, cache, terms.

The packages in tests/fixtures/argos were built by tools/build_tiny_argos_models.py
from tests/fixtures/argos/corpus.tsv; they reproduce their training pairs exactly,
through CTranslate2 and sentencepiece, the same files argostranslate reads.

Exact outputs are compared in float32 (``EXACT``): int8 kernels give different tokens on
different instruction sets, float32 does not. The production default (``auto``) and every
compute type CTranslate2 supports on this CPU are checked for properties that hold on any
CPU instead, and one test replays the exact set with oneDNN/MKL limited to AVX2, the kind
of CPU on which int8 went wrong.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import ctranslate2  # type: ignore[import-untyped]
import pytest

from stiwatch.core.taxonomy import load_taxonomy
from stiwatch.pipelines.translation.cache import TranslationCache
from stiwatch.pipelines.translation.engine import EngineOptions, Job, MissingModel, TranslationEngine
from stiwatch.pipelines.translation.models import ModelError, ModelStore
from stiwatch.pipelines.translation.segment import lead, split_sentences
from stiwatch.pipelines.translation.terms import TermProtector
from tests.conftest import TINY_MODEL_LENGTH_RATIO

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "argos"
PACKAGES = [FIXTURES / f"tiny_{p}.argosmodel" for p in ("th_en", "vi_en", "en_th", "id_en")]

TH_TITLE = "ไทยและเวียดนามลงนามความตกลงความร่วมมือด้านวิทยาศาสตร์"
EN_TITLE = "Thailand and Vietnam sign a science cooperation agreement."
VI_TITLE = "Thái Lan và Việt Nam ký hiệp định hợp tác khoa học."
EXACT = EngineOptions(compute_type="float32", max_length_ratio=TINY_MODEL_LENGTH_RATIO)
PLACEHOLDER = re.compile(r"ZX\d")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ModelStore:
    models = ModelStore(tmp_path_factory.mktemp("argos") / "models")
    for package in PACKAGES:
        models.install_file(package)
    return models


@pytest.fixture(scope="module")
def protector() -> TermProtector:
    return TermProtector(load_taxonomy(check_segmentation=False))


def engine(
    store: ModelStore,
    cache_dir: Path,
    protector: TermProtector | None = None,
    options: EngineOptions = EXACT,
) -> TranslationEngine:
    return TranslationEngine(
        store, TranslationCache(cache_dir / "cache.sqlite3"), options=options, protector=protector
    )


def test_packages_are_small_and_listed(store: ModelStore) -> None:
    assert [(m.from_code, m.to_code) for m in store.list()] == [
        ("en", "th"),
        ("id", "en"),
        ("th", "en"),
        ("vi", "en"),
    ]
    for package in PACKAGES:
        assert package.stat().st_size < 400_000


def test_exact_translations_in_one_batch(store: ModelStore, tmp_path: Path) -> None:
    eng = engine(store, tmp_path)
    jobs = [
        Job("th", "en", TH_TITLE),
        Job("vi", "en", f"{VI_TITLE} Hội nghị kết thúc hôm nay.\n\nBộ hỗ trợ nghiên cứu về bán dẫn."),
        Job("en", "th", "The meeting was held in Bangkok."),
    ]
    out = eng.translate(jobs)
    assert [o.text for o in out] == [
        EN_TITLE,
        f"{EN_TITLE} The conference ends today.\n\nThe ministry supports research on semiconductors.",
        "การประชุมจัดขึ้นที่กรุงเทพฯ",
    ]
    assert all(o.error is None for o in out)
    assert out[0].model.startswith("th-en/tiny_th_en/0.1/")
    # One CTranslate2 call per model, whatever the number of articles and sentences.
    assert eng.stats.model_calls == 3
    assert eng.stats.translated == 5


def test_indonesian_to_english_and_on_to_thai(store: ModelStore, tmp_path: Path) -> None:
    """The id→en package (an Argos index pair in production), direct and as the first hop."""
    eng = engine(store, tmp_path)
    out = eng.translate(
        [
            Job(
                "id",
                "en",
                "Kementerian mendukung penelitian tentang semikonduktor. Konferensi berakhir hari ini.",
            ),
            Job("id", "th", "Pertemuan diadakan di Bangkok."),
        ]
    )
    assert [o.text for o in out] == [
        "The ministry supports research on semiconductors. The conference ends today.",
        "การประชุมจัดขึ้นที่กรุงเทพฯ",
    ]
    assert out[0].model.startswith("id-en/tiny_id_en/0.1/")
    assert [m.pair for m in eng.route("id", "th")] == ["id-en", "en-th"]


def test_pivot_through_english(store: ModelStore, tmp_path: Path) -> None:
    eng = engine(store, tmp_path)
    assert [m.pair for m in eng.route("vi", "th")] == ["vi-en", "en-th"]
    [out] = eng.translate([Job("vi", "th", VI_TITLE)])
    assert out.text == TH_TITLE
    assert out.model.startswith("vi-en/") and "+en-th/" in out.model


def test_cache_second_run_makes_no_model_call(store: ModelStore, tmp_path: Path) -> None:
    jobs = [Job("th", "en", TH_TITLE), Job("vi", "th", VI_TITLE)]
    first = engine(store, tmp_path)
    expected = [o.text for o in first.translate(jobs)]
    assert first.stats.model_calls > 0
    second = engine(store, tmp_path)  # a new process would do the same: the cache is on disk
    assert [o.text for o in second.translate(jobs)] == expected
    assert second.stats.model_calls == 0
    assert second.stats.cache_hits == second.stats.sentences == 3


def test_missing_model_names_the_pair_and_the_command(store: ModelStore, tmp_path: Path) -> None:
    empty = engine(ModelStore(tmp_path / "none"), tmp_path)
    [out] = empty.translate([Job("th", "en", TH_TITLE)])
    assert out.text is None
    assert out.error == "no th→en model: install it with `stiwatch models install th en`"
    eng = engine(store, tmp_path)
    with pytest.raises(MissingModel) as info:
        eng.route("th", "vi")
    assert str(info.value) == (
        "no th→vi model, direct or through English: no en→vi model: convert "
        "Helsinki-NLP/opus-mt-en-vi with `stiwatch models build-marian CHECKPOINT_DIR en vi`"
    )


def test_a_pair_without_english_names_the_hops_through_english() -> None:
    """vi→th goes through English (as the README says): no opus-mt-vi-th is asked for."""
    from stiwatch.pipelines.translation.engine import missing_model_message

    message = missing_model_message("vi", "th", [])
    assert "opus-mt-vi-th" not in message
    assert message.startswith("no vi→th model, direct or through English: no vi→en model")
    assert "no en→th model: install it with `stiwatch models install en th`" in message
    assert (
        missing_model_message("th", "en", [])
        == "no th→en model: install it with `stiwatch models install th en`"
    )


@pytest.mark.parametrize(
    ("src", "tgt", "text", "expected"),
    [
        (
            "th",
            "en",
            "สวทช. ลงนามบันทึกความเข้าใจกับ JICA",
            "NSTDA signed a memorandum of understanding with JICA.",
        ),
        ("th", "en", "สวทช. จะให้ทุนโครงการวิจัย 25 โครงการ", "NSTDA will fund 25 research projects."),
        ("th", "en", "งบประมาณ 1,250.5 ล้านบาท", "The budget is 1,250.5 million baht."),
        ("th", "en", "นายสมชาย ใจดี ต้อนรับคณะผู้แทน", "Mr. Somchai Chaidi welcomed the delegation."),
        (
            "vi",
            "en",
            "Bộ trưởng Huỳnh Thành Đạt đã tiếp đoàn đại biểu.",
            "Minister Huỳnh Thành Đạt welcomed the delegation.",
        ),
        (
            "en",
            "th",
            "NSTDA signed a memorandum of understanding with JICA.",
            "สวทช. ลงนามบันทึกความเข้าใจกับ JICA",
        ),
        (
            "id",
            "en",
            "BRIN menandatangani nota kesepahaman dengan JICA.",
            "BRIN signed a memorandum of understanding with JICA.",
        ),
        # Pivot: the placeholders survive both hops.
        ("vi", "th", "ZX0 is not masked here đã ký", None),
    ],
)
def test_protected_terms_survive(
    store: ModelStore,
    protector: TermProtector,
    tmp_path: Path,
    src: str,
    tgt: str,
    text: str,
    expected: str | None,
) -> None:
    if expected is None:
        # Text that already holds our placeholder shape is left unmasked (no false restore).
        assert protector.mask(text, src, tgt).terms == ()
        return
    eng = engine(store, tmp_path, protector)
    [out] = eng.translate([Job(src, tgt, text)])
    assert out.text == expected
    assert eng.stats.fallbacks == 0


def test_without_protection_the_model_mangles_the_terms(store: ModelStore, tmp_path: Path) -> None:
    """The tiny model only knows placeholders: unmasked, the agency name does not come through."""
    [out] = engine(store, tmp_path).translate([Job("th", "en", "สวทช. ลงนามบันทึกความเข้าใจกับ JICA")])
    assert out.text is not None and "NSTDA" not in out.text


def test_masks_and_restores(protector: TermProtector) -> None:
    masked = protector.mask("สวทช. จะให้ทุนโครงการวิจัย 25 โครงการ", "th", "en")
    assert masked.text == "ZX0 จะให้ทุนโครงการวิจัย ZX1 โครงการ"
    assert masked.terms == ("NSTDA", "25")
    assert (
        protector.restore("ZX0 will fund ZX1 research projects.", masked)
        == "NSTDA will fund 25 research projects."
    )
    # A lost or doubled placeholder is not trusted.
    assert protector.restore("ZX0 will fund research projects.", masked) is None
    assert protector.restore("ZX0 ZX0 ZX1", masked) is None
    # Thai target: the agency's Thai acronym.
    assert protector.mask("NSTDA met JICA", "en", "th").terms == ("สวทช.", "JICA")
    # "นายก" is the prime minister, not Mr. ก...
    assert protector.mask("นายกรัฐมนตรี เดินทาง", "th", "en").terms == ()


def test_sentence_splitting_needs_no_model() -> None:
    assert split_sentences("Dr. Smith met Mr. Lee at 10.30 today. They signed an MoU! Next?", "en") == [
        "Dr. Smith met Mr. Lee at 10.30 today.",
        "They signed an MoU!",
        "Next?",
    ]
    assert split_sentences("TS. Nguyễn Văn A phát biểu. Hội nghị kết thúc.", "vi") == [
        "TS. Nguyễn Văn A phát biểu.",
        "Hội nghị kết thúc.",
    ]
    thai = "การประชุมจัดขึ้นที่กรุงเทพฯ ทั้งสองฝ่ายตกลงฝึกอบรมนักวิทยาศาสตร์รุ่นใหม่"
    assert split_sentences(thai, "th") == [thai]
    assert split_sentences(thai, "th", thai_chunk_chars=30) == thai.split(" ")
    assert lead("a" * 10 + "\n\n" + "b" * 10 + "\n\n" + "c" * 10, 25) == "a" * 10 + "\n\n" + "b" * 10


def test_install_file_refuses_bad_packages(tmp_path: Path) -> None:
    models = ModelStore(tmp_path / "models")
    not_zip = tmp_path / "x.argosmodel"
    not_zip.write_text("hello")
    with pytest.raises(ModelError, match="not a zip"):
        models.install_file(not_zip)
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("pkg/../../escape.txt", "x")
    with pytest.raises(ModelError, match="unsafe path"):
        models.install_file(evil)
    empty = tmp_path / "empty.argosmodel"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("pkg/metadata.json", json.dumps({"from_code": "th", "to_code": "en"}))
    with pytest.raises(ModelError, match="not a translate package"):
        models.install_file(empty)
    assert models.list() == []
    assert not (tmp_path / "escape.txt").exists()


def test_index_install_of_vietnamese_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="build-marian CHECKPOINT_DIR vi en"):
        ModelStore(tmp_path).install_from_index("vi", "en")


ARGOS_SCRIPT = """
import json, sys
import argostranslate.package as package, argostranslate.translate as translate
th, vi, *paths = sys.argv[1:]
for path in paths:
    package.install_from_path(path)
print(json.dumps([translate.translate(th, "th", "en"), translate.translate(vi, "vi", "th")]))
"""


def test_argostranslate_itself_gives_the_same_translations(store: ModelStore, tmp_path: Path) -> None:
    """The packages are real Argos packages: argostranslate, offline, agrees with the engine."""
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "ARGOS_COMPUTE_TYPE": EXACT.compute_type,
    }
    proc = subprocess.run(
        [sys.executable, "-c", ARGOS_SCRIPT, TH_TITLE, VI_TITLE, *map(str, PACKAGES)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    argos = json.loads(proc.stdout.strip().splitlines()[-1])
    ours = engine(store, tmp_path).translate([Job("th", "en", TH_TITLE), Job("vi", "th", VI_TITLE)])
    assert argos == [o.text for o in ours] == [EN_TITLE, TH_TITLE]


# The sentences whose expected translations the tests above pin, with their protected terms.
PROPERTY_JOBS = [
    (Job("th", "en", "สวทช. ลงนามบันทึกความเข้าใจกับ JICA"), ("NSTDA", "JICA")),
    (Job("th", "en", "สวทช. จะให้ทุนโครงการวิจัย 25 โครงการ"), ("NSTDA", "25")),
    (Job("vi", "en", VI_TITLE), ()),
    (Job("en", "th", "The meeting was held in Bangkok."), ()),
]


def assert_usable(eng: TranslationEngine, outcomes: list[Any]) -> None:
    """What holds on any CPU and compute type: text, no leaked placeholder, terms kept or retried."""
    for (job, terms), out in zip(PROPERTY_JOBS, outcomes, strict=True):
        assert out.error is None and out.text and out.text.strip(), job
        assert not PLACEHOLDER.search(out.text), out.text
        # A term is restored, or its sentence was retried unmasked (counted as a fallback).
        assert all(term in out.text for term in terms) or eng.stats.fallbacks > 0, out.text


def test_production_default_compute_type(store: ModelStore, protector: TermProtector, tmp_path: Path) -> None:
    """The default deployment (compute_type "auto", int8 where the CPU has it): no exact strings."""
    options = EngineOptions(max_length_ratio=TINY_MODEL_LENGTH_RATIO)
    assert options.compute_type == "auto"
    first = engine(store, tmp_path, protector, options)
    outcomes = first.translate([job for job, _ in PROPERTY_JOBS])
    assert_usable(first, outcomes)
    second = engine(store, tmp_path, protector, options)
    again = second.translate([job for job, _ in PROPERTY_JOBS])
    assert [o.text for o in again] == [o.text for o in outcomes]
    assert second.stats.model_calls == 0 and second.stats.cache_hits == second.stats.sentences


@pytest.mark.parametrize("compute_type", sorted(ctranslate2.get_supported_compute_types("cpu")))
def test_every_supported_compute_type(
    store: ModelStore, protector: TermProtector, tmp_path: Path, compute_type: str
) -> None:
    eng = engine(
        store,
        tmp_path,
        protector,
        EngineOptions(compute_type=compute_type, max_length_ratio=TINY_MODEL_LENGTH_RATIO),
    )
    outcomes = eng.translate([job for job, _ in PROPERTY_JOBS])
    assert_usable(eng, outcomes)
    if compute_type == EXACT.compute_type:
        assert [o.text for o in outcomes] == [
            "NSTDA signed a memorandum of understanding with JICA.",
            "NSTDA will fund 25 research projects.",
            EN_TITLE,
            "การประชุมจัดขึ้นที่กรุงเทพฯ",
        ]


EXACT_SCRIPT = """
import json, sys
from pathlib import Path
from stiwatch.pipelines.translation.cache import TranslationCache
from stiwatch.pipelines.translation.engine import EngineOptions, Job, TranslationEngine
from stiwatch.pipelines.translation.models import ModelStore
store = ModelStore(Path(sys.argv[1]))
engine = TranslationEngine(store, TranslationCache(Path(sys.argv[2])), EngineOptions(compute_type=sys.argv[3], max_length_ratio=float(sys.argv[6])))
jobs = [Job("th", "en", sys.argv[4]), Job("vi", "th", sys.argv[5]), Job("en", "th", "The meeting was held in Bangkok.")]
print(json.dumps([o.text for o in engine.translate(jobs)]))
"""


def test_float32_is_exact_when_the_kernels_are_limited_to_avx2(store: ModelStore, tmp_path: Path) -> None:
    """oneDNN (CTranslate2's int8 backend on AMD) and MKL limited to AVX2: float32 stays exact.

    On this kind of CPU int8 turned "...กรุงเทพฯ" into "...กรุงกรุงดวรุงดวทพฯ"; the
    limits reproduce that machine on a newer one.
    """
    env = {
        **os.environ,
        "ONEDNN_MAX_CPU_ISA": "AVX2",
        "DNNL_MAX_CPU_ISA": "AVX2",
        "MKL_ENABLE_INSTRUCTIONS": "AVX2",
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            EXACT_SCRIPT,
            str(store.directory),
            str(tmp_path / "c.sqlite3"),
            EXACT.compute_type,
            TH_TITLE,
            VI_TITLE,
            str(EXACT.max_length_ratio),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == [EN_TITLE, TH_TITLE, "การประชุมจัดขึ้นที่กรุงเทพฯ"]


def decoded_pieces(eng: TranslationEngine, model_pair: tuple[str, str], text: str) -> int:
    """How many pieces the engine's model decodes for ``text`` (its output, encoded again)."""
    [out] = eng.translate([Job(*model_pair, text)])
    assert out.error is None and out.text is not None
    model = eng.route(*model_pair)[0]
    tokenizer = eng._load(model)[1]
    return len(tokenizer.encode(out.text, out_type=str))


def test_decoding_stops_at_the_length_cap(store: ModelStore, tmp_path: Path) -> None:
    """A source the tiny th→en model never saw sends it into a loop: uncapped, ``ความ``
    (5 pieces) decodes 20 pieces and ``กกกกกกกก`` runs past the model's 128 positions
    (CTranslate2 raises); capped at 1.5x (at least 10 pieces) both stop there."""
    production = EngineOptions(compute_type="float32")
    assert (production.max_length_ratio, production.max_length_floor) == (1.5, 10)
    capped = engine(store, tmp_path / "capped", options=production)
    assert decoded_pieces(capped, ("th", "en"), "ความ") <= production.decoding_cap(5) == 10
    assert decoded_pieces(capped, ("th", "en"), "กกกกกกกก") <= production.decoding_cap(9) == 14
    assert capped.stats.capped == 2

    uncapped = engine(store, tmp_path / "uncapped", options=replace(production, max_length_ratio=0))
    assert decoded_pieces(uncapped, ("th", "en"), "ความ") > 10
    with pytest.raises(RuntimeError, match="position"):
        uncapped.translate([Job("th", "en", "กกกกกกกก")])


def test_decoding_cap_follows_the_source_length() -> None:
    options = EngineOptions()
    assert [options.decoding_cap(n) for n in (1, 6, 7, 40, 171, 400)] == [10, 10, 11, 60, 256, 256]
    assert EngineOptions(max_length_ratio=0).decoding_cap(3) == 256
    assert EngineOptions(max_length_floor=2).decoding_cap(1) == 2
