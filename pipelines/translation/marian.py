"""Package a local Marian / Opus-MT checkpoint as an ``.argosmodel``.

The Argos index has no Vietnamese model; Helsinki-NLP's opus-mt-vi-en (CC-BY 4.0) is
a Marian checkpoint that CTranslate2 converts. The package gets the int8 model, the
checkpoint's ``source.spm`` as ``sentencepiece.model`` (what Argos encodes with) and,
when the target side has its own, ``target_sentencepiece.model`` (what our engine
decodes with). Needs the build-only dependencies (``requirements-build.txt``).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from stiwatch.pipelines.translation.engine import LANG_NAMES
from stiwatch.pipelines.translation.models import ModelError

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def build_marian_package(
    checkpoint: Path, src: str, tgt: str, out_dir: Path, *, quantization: str = "int8"
) -> Path:
    """Convert ``checkpoint`` into ``out_dir/translate-SRC_TGT.argosmodel``.

    Raises:
        ModelError: not a Marian checkpoint, or the build dependencies are missing.
    """
    checkpoint = Path(checkpoint)
    if not (checkpoint / "config.json").is_file():
        raise ModelError(f"{checkpoint}: not a Transformers checkpoint (no config.json)")
    source_spm = checkpoint / "source.spm"
    if not source_spm.is_file():
        raise ModelError(f"{checkpoint}: no source.spm (a Marian/Opus-MT checkpoint has one)")
    try:
        import ctranslate2.converters  # type: ignore[import-untyped]
        import transformers  # noqa: F401 - the converter imports it; fail early and clearly
    except ImportError as exc:
        raise ModelError(
            f"build-marian needs the build dependencies ({exc.name} is missing): "
            "pip install -r requirements-build.txt"
        ) from None
    name = f"translate-{src}_{tgt}"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.argosmodel"
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / name
        package.mkdir()
        try:
            ctranslate2.converters.TransformersConverter(str(checkpoint)).convert(
                str(package / "model"), quantization=quantization, force=True
            )
        except Exception as exc:  # noqa: BLE001 - the converter raises many kinds
            raise ModelError(f"{checkpoint}: conversion failed: {exc}") from None
        config_path = package / "model" / "config.json"
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["add_source_eos"] = True  # Marian models expect </s> after the source
        config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        shutil.copy(source_spm, package / "sentencepiece.model")
        target_spm = checkpoint / "target.spm"
        if target_spm.is_file() and target_spm.read_bytes() != source_spm.read_bytes():
            shutil.copy(target_spm, package / "target_sentencepiece.model")
        metadata = {
            "package_version": "1.0",
            "argos_version": "1.11",
            "type": "translate",
            "from_code": src,
            "from_name": LANG_NAMES.get(src, src),
            "to_code": tgt,
            "to_name": LANG_NAMES.get(tgt, tgt),
            "code": name,
            "links": [],
            "description": f"Converted from {checkpoint.name} by `stiwatch models build-marian`.",
        }
        (package / "metadata.json").write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(p for p in package.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"{name}/{path.relative_to(package).as_posix()}", ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
    return target
