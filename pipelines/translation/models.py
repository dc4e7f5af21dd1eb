"""Installed translation models: Argos Translate packages in ``<data dir>/models``.

An installed package is a folder holding ``metadata.json``, a CTranslate2 model in
``model/`` and ``sentencepiece.model``. Listing them is a directory scan (no import of
argostranslate, which pulls in torch and takes seconds); installing a local
``.argosmodel`` is a checked unzip. Only ``install_from_index`` talks to the network,
and only when asked to.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

logger = logging.getLogger(__name__)

MODELS_DIRNAME = "models"
ARGOS_INDEX_HOST = "raw.githubusercontent.com"
# The Argos index has no Vietnamese package (withdrawn), and none for Khmer, Lao or
# Myanmar: those pairs come from Marian checkpoints converted here (build-marian).
# Indonesian, Malay and Filipino (tl) are in the index, to and from English.
NOT_IN_ARGOS_INDEX = frozenset({"vi", "km", "lo", "my"})
OPUS_MT_HINT = "Helsinki-NLP/opus-mt-{src}-{tgt}"
# Pairs Opus-MT publishes under OPUS_MT_HINT's name (the others: find a Marian checkpoint).
OPUS_MT_LANGUAGES = frozenset({"vi"})


def marian_checkpoint_hint(src: str, tgt: str) -> str:
    """The Marian checkpoint to convert for a pair the Argos index lacks."""
    if {src, tgt} <= OPUS_MT_LANGUAGES | {"en"}:
        return OPUS_MT_HINT.format(src=src, tgt=tgt)
    return f"a Marian (Opus-MT) {src}→{tgt} checkpoint"


class ModelError(Exception):
    """A model cannot be installed or read; the message says what to do."""


@dataclass(frozen=True)
class InstalledModel:
    """One installed Argos package (translate type)."""

    path: Path
    from_code: str
    to_code: str
    package_version: str
    target_prefix: str = ""

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def model_id(self) -> str:
        """Identity of the weights, for the translation cache: a reinstall of other
        weights under the same name changes the size or version and so the id."""
        try:
            size = (self.path / "model" / "model.bin").stat().st_size
        except OSError:
            size = 0
        return f"{self.pair}/{self.path.name}/{self.package_version}/{size}"

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


def models_dir(data_dir: Path | str, configured: str | None = None) -> Path:
    """Where models live: ``translate.models_dir`` when set, else ``<data dir>/models``."""
    return Path(configured).expanduser() if configured else Path(data_dir) / MODELS_DIRNAME


def read_package(path: Path) -> InstalledModel | None:
    """The package in folder ``path``, or None when it is not a translate package."""
    meta_path = path / "metadata.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("type", "translate") != "translate":
        return None
    src, tgt = meta.get("from_code"), meta.get("to_code")
    if not isinstance(src, str) or not isinstance(tgt, str):
        return None
    if not (path / "model" / "model.bin").is_file() or not (path / "sentencepiece.model").is_file():
        return None
    return InstalledModel(
        path=path,
        from_code=src,
        to_code=tgt,
        package_version=str(meta.get("package_version", "")),
        target_prefix=str(meta.get("target_prefix", "") or ""),
    )


class ModelStore:
    """The translate packages in one folder, by language pair."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def list(self) -> list[InstalledModel]:
        """Installed packages, sorted by pair then folder name (first one wins a pair)."""
        if not self.directory.is_dir():
            return []
        found = [read_package(p) for p in sorted(self.directory.iterdir()) if p.is_dir()]
        return sorted((m for m in found if m is not None), key=lambda m: (m.pair, m.path.name))

    def by_pair(self) -> dict[tuple[str, str], InstalledModel]:
        out: dict[tuple[str, str], InstalledModel] = {}
        for model in self.list():
            out.setdefault((model.from_code, model.to_code), model)
        return out

    # -- installing -------------------------------------------------------------

    def install_file(self, archive: Path) -> InstalledModel:
        """Install a local ``.argosmodel`` (zip with one top folder) after checking it.

        Raises:
            ModelError: not a zip, unsafe paths, no metadata/model/sentencepiece.
        """
        archive = Path(archive)
        if not archive.is_file():
            raise ModelError(f"no such file: {archive}")
        if not zipfile.is_zipfile(archive):
            raise ModelError(f"{archive}: not an Argos package (not a zip archive)")
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            tops = {PurePosixPath(n).parts[0] for n in names if n.strip("/")}
            unsafe = [n for n in names if n.startswith("/") or ".." in PurePosixPath(n).parts]
            if unsafe:
                raise ModelError(f"{archive}: unsafe path in archive: {unsafe[0]!r}")
            if len(tops) != 1:
                raise ModelError(f"{archive}: expected one top-level folder, found {len(tops)}")
            top = tops.pop()
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=self.directory, prefix=".install-") as tmp:
                zf.extractall(tmp)
                model = read_package(Path(tmp) / top)
                if model is None:
                    raise ModelError(
                        f"{archive}: not a translate package (needs metadata.json with from_code/to_code,"
                        " model/model.bin and sentencepiece.model)"
                    )
                dest = self.directory / top
                if dest.exists():
                    shutil.rmtree(dest)
                os.replace(Path(tmp) / top, dest)
        installed = read_package(dest)
        assert installed is not None
        logger.info("installed %(pair)s in %(dir)s", {"pair": installed.pair, "dir": dest})
        return installed

    def install_from_index(self, src: str, tgt: str) -> InstalledModel:
        """Download and install ``src``→``tgt`` from the Argos package index (online only).

        Raises:
            ModelError: offline, no such package in the index, download failed.
        """
        if src in NOT_IN_ARGOS_INDEX or tgt in NOT_IN_ARGOS_INDEX:
            raise ModelError(
                f"the Argos index has no {src}→{tgt} package; convert "
                f"{marian_checkpoint_hint(src, tgt)} with "
                f"`stiwatch models build-marian CHECKPOINT_DIR {src} {tgt}`"
            )
        if not _online(ARGOS_INDEX_HOST):
            raise ModelError(
                f"cannot reach the Argos package index ({ARGOS_INDEX_HOST}): offline? "
                f"Download translate-{src}_{tgt}.argosmodel elsewhere and run "
                "`stiwatch models install-file PATH`"
            )
        package = argos_modules(self.directory)[0]
        package.update_package_index()
        # get_available_packages() recurses forever when the index file is missing.
        index_file = Path(argos_settings().local_package_index)
        if not index_file.is_file():
            raise ModelError("could not download the Argos package index")
        for available in package.get_available_packages():
            if available.from_code == src and available.to_code == tgt:
                try:
                    path = available.download()
                except Exception as exc:  # noqa: BLE001 - argos raises bare Exception
                    raise ModelError(f"download of {src}→{tgt} failed: {exc}") from None
                try:
                    return self.install_file(Path(path))
                finally:
                    Path(path).unlink(missing_ok=True)
        raise ModelError(f"the Argos index has no {src}→{tgt} package")

    def remove(self, src: str, tgt: str) -> bool:
        model = self.by_pair().get((src, tgt))
        if model is None:
            return False
        shutil.rmtree(model.path)
        return True


def _online(host: str, timeout: float = 3.0) -> bool:
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def argos_environment(models_directory: Path) -> dict[str, str]:
    """Environment that points argostranslate at our models folder; read at its import."""
    return {"ARGOS_PACKAGES_DIR": str(Path(models_directory).resolve())}


def argos_modules(models_directory: Path) -> tuple[Any, Any]:
    """``(argostranslate.package, argostranslate.translate)`` using ``models_directory``.

    argostranslate reads its settings once, at import, so the packages folder must be
    in the environment before the first import in this process.

    Raises:
        ModelError: argostranslate was imported earlier with another packages folder.
    """
    wanted = argos_environment(models_directory)["ARGOS_PACKAGES_DIR"]
    import sys

    if "argostranslate.settings" in sys.modules:
        current = str(Path(sys.modules["argostranslate.settings"].package_data_dir).resolve())
        if current != wanted:
            raise ModelError(f"argostranslate already uses {current}, not {wanted}")
    else:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        os.environ["ARGOS_PACKAGES_DIR"] = wanted
    import argostranslate.package  # type: ignore[import-untyped]
    import argostranslate.translate  # type: ignore[import-untyped]

    return argostranslate.package, argostranslate.translate


def argos_settings() -> Any:
    import argostranslate.settings  # type: ignore[import-untyped]

    return argostranslate.settings
