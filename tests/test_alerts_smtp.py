"""Mail as deployed: `stiwatch alerts run` against aiosmtpd with STARTTLS, with implicit TLS
and with AUTH LOGIN / PLAIN, the server's certificate signed by a CA made in the test.
A wrong password or an untrusted certificate fails the run with one clear line; after the
fix the digest is delivered, once."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.alerts_support import parts, record, seed
from tests.conftest import run_cli
from tests.smtp_support import Certificates, TlsSmtpServer, make_certificates

pytestmark = pytest.mark.slow

PASSWORD = "correct horse"


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("tls"))


def _server(certificates: Certificates, security: str, **kw: object) -> Iterator[TlsSmtpServer]:
    server = TlsSmtpServer(certificates, security, **kw).start()  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def starttls(certificates: Certificates) -> Iterator[TlsSmtpServer]:
    yield from _server(certificates, "starttls")


def _setup(data_dir: Path, env: dict[str, str], emails: tuple[str, ...] = ("desk@example.org",)) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)  # `alerts add` refuses a missing data dir
    args = ["alerts", "add", "chips", "--query", "semiconductor", "--schedule", "immediate"]
    for address in emails:
        args += ["--email", address]
    proc = run_cli(args, data_dir, env=env)
    assert proc.returncode == 0, proc.stderr
    seed(data_dir, [record("fab", "Vietnam opens first semiconductor fab", "The semiconductor fab.")])


def _run(data_dir: Path, env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    return run_cli(["alerts", "run", *flags], data_dir, env=env, timeout=120)


def _assert_delivered_once(server: TlsSmtpServer) -> None:
    assert len(server.messages) == 1
    message = server.messages[0]
    assert message["Subject"] == "[stiwatch] chips: 1 new story"
    assert "Vietnam opens first semiconductor fab" in parts(message)["text/plain"]
    assert server.handler.sessions == [{"tls": True, "authenticated": True, "login": "stiwatch"}]


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_starttls_with_auth(certificates: Certificates, tmp_path: Path, mechanism: str) -> None:
    for server in _server(certificates, "starttls", mechanisms=(mechanism,)):
        data_dir = tmp_path / "data"
        env = server.env(PASSWORD, certificates.ca_pem)
        _setup(data_dir, env)
        proc = _run(data_dir, env, "--json")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert json.loads(proc.stdout)["sent"] == 1
        _assert_delivered_once(server)
        assert server.auth.attempts == [(mechanism, True)]
        # Nothing new: nothing sent again.
        assert _run(data_dir, env).returncode == 0
        assert len(server.messages) == 1


def test_implicit_tls_with_auth(certificates: Certificates, tmp_path: Path) -> None:
    for server in _server(certificates, "ssl"):
        data_dir = tmp_path / "data"
        env = server.env(PASSWORD, certificates.ca_pem)
        _setup(data_dir, env)
        proc = _run(data_dir, env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        _assert_delivered_once(server)
        assert [ok for _, ok in server.auth.attempts] == [True]


def test_wrong_password_fails_in_one_line_then_the_digest_goes_after_the_fix(
    starttls: TlsSmtpServer, certificates: Certificates, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    _setup(data_dir, starttls.env("wrong", certificates.ca_pem), ("desk@example.org", "other@example.org"))
    proc = _run(data_dir, starttls.env("wrong", certificates.ca_pem))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "refused the login of 'stiwatch'" in lines[0] and "535" in lines[0]
    assert "check smtp.user and smtp.password" in lines[0]
    assert starttls.messages == []
    # One login was tried for the whole run, not one per address (accounts get locked).
    assert [ok for _, ok in starttls.auth.attempts] in ([False], [False, False])  # smtplib tries LOGIN, PLAIN
    report = json.loads(_run(data_dir, starttls.env("wrong", certificates.ca_pem), "--json").stdout)
    errors = [c["error"] for s in report["subscriptions"] for c in s["channels"]]
    assert len(errors) == 2 and errors[1].startswith("not tried: ")

    fixed = starttls.env(PASSWORD, certificates.ca_pem)
    proc = _run(data_dir, fixed)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(m["X-Rcpt"] for m in starttls.messages) == ["desk@example.org", "other@example.org"]
    # Both digests over one connection: TLS once, logged in once.
    assert [ok for _, ok in starttls.auth.attempts].count(True) == 1
    assert starttls.handler.sessions == [{"tls": True, "authenticated": True, "login": "stiwatch"}] * 2
    assert _run(data_dir, fixed).returncode == 0
    assert len(starttls.messages) == 2


def test_untrusted_certificate_and_wrong_security_are_one_line(
    starttls: TlsSmtpServer, certificates: Certificates, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    _setup(data_dir, starttls.env(PASSWORD, None))
    untrusted = _run(data_dir, starttls.env(PASSWORD, None))  # the system CAs do not know ours
    assert untrusted.returncode == 1
    assert untrusted.stderr.count("\n") == 1, untrusted.stderr
    assert "TLS certificate not trusted" in untrusted.stderr and "smtp.ca_certs" in untrusted.stderr
    plain = _run(data_dir, starttls.env(PASSWORD, certificates.ca_pem, security="none"))
    assert plain.returncode == 1
    assert plain.stderr.count("\n") == 1, plain.stderr
    assert "offers no login (AUTH)" in plain.stderr and "check smtp.security" in plain.stderr
    implicit = _run(data_dir, starttls.env(PASSWORD, certificates.ca_pem, security="ssl"))
    assert implicit.returncode == 1 and "TLS failed" in implicit.stderr and "smtp.security" in implicit.stderr
    missing = _run(
        data_dir, {**starttls.env(PASSWORD, None), "STIWATCH_SMTP_CA_CERTS": str(tmp_path / "no.pem")}
    )
    assert missing.returncode == 2 and "smtp.ca_certs" in missing.stderr
    assert starttls.messages == []
    proc = _run(data_dir, starttls.env(PASSWORD, certificates.ca_pem))
    assert proc.returncode == 0, proc.stderr
    _assert_delivered_once(starttls)
