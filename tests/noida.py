"""A real noida-db server (Elasticsearch 8.15 REST API) for the tests, on 127.0.0.1.

``noida_server`` is one server for the whole session (registered in conftest.py);
tests isolate themselves with their own index prefix (``es_prefix``). Tests that
stop the server start their own with :class:`NoidaServer`.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

_prefixes = itertools.count()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def noida_binary() -> str:
    """The server binary itself: the `noida-db` script would run it as a child that
    outlives a killed test run."""
    try:
        import noida_db

        binary = Path(noida_db.__file__).parent / "noida-db"
        if binary.is_file():
            binary.chmod(0o755)
            return str(binary)
    except (ImportError, OSError):
        pass
    found = shutil.which("noida-db") or str(Path(sys.executable).parent / "noida-db")
    if not Path(found).exists():
        raise RuntimeError("noida-db is not installed: pip install -r requirements-dev.txt")
    return found


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the test process dies, even by SIGKILL (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class NoidaServer:
    """One noida-db process serving only the Elasticsearch API."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data_dir.parent / f"noida-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> NoidaServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    noida_binary(),
                    "start",
                    "--only",
                    "elasticsearch",
                    "--elasticsearch-port",
                    str(self.port),
                    "--host",
                    "127.0.0.1",
                    "--data-dir",
                    str(self.data_dir),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # A session of its own lets stop() signal the whole group.
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"noida-db exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(self.url, timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"noida-db did not answer on {self.url} within {timeout} s")

    def stop(self) -> None:
        """Stop cleanly (SIGTERM to the process group, then SIGKILL); data stays in data_dir."""
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=10)
                if self._port_closed(timeout=10):
                    break
            except subprocess.TimeoutExpired:
                continue

    def _port_closed(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    pass
            except OSError:
                return True
            time.sleep(0.05)
        return False


@pytest.fixture(scope="session")
def noida_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NoidaServer]:
    """One noida-db for the session; stopped at the end."""
    server = NoidaServer(tmp_path_factory.mktemp("noida") / "data").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def es_prefix() -> str:
    """An index prefix no other test uses."""
    return f"t{next(_prefixes)}x{int(time.time() * 1000) % 100000}"
