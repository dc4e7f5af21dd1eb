"""SMTP as deployed, for the tests: aiosmtpd on 127.0.0.1 with STARTTLS or implicit TLS,
a certificate made in the test by a CA made in the test, AUTH LOGIN / PLAIN, and a
handler that can hold its reply to a message it has kept, so a test can kill the client
once the server has the message and before the client has recorded it."""

from __future__ import annotations

import asyncio
import datetime
import email
import ipaddress
import ssl
import threading
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.alerts_support import free_port


@dataclass(frozen=True)
class Certificates:
    """A CA (its certificate is what clients trust) and a server certificate it signed."""

    ca_pem: Path
    server_pem: Path
    server_key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.server_pem, self.server_key)
        return context


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_certificates(directory: Path) -> Certificates:
    """A fresh CA and a certificate for 127.0.0.1 / localhost, valid for a day."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("stiwatch test CA"))
        .issuer_name(_name("stiwatch test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    out = Certificates(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    out.ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    out.server_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    out.server_key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return out


@dataclass
class Handler:
    """Keeps accepted messages with how they came (TLS, login); can hold the reply to one."""

    messages: list[Message] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    # While set, the next message is kept, then ``held`` is signalled and the reply waits
    # for ``release`` (a test kills the client then: the server has the message, the client
    # has not recorded it; a connection kept for the run's next message has no QUIT there).
    hold_reply: bool = False
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content)
        msg["X-Rcpt"] = ",".join(envelope.rcpt_tos)
        self.messages.append(msg)
        transport = server.transport
        self.sessions.append(
            {
                "tls": transport is not None and transport.get_extra_info("ssl_object") is not None,
                "authenticated": bool(session.authenticated),
                "login": session.auth_data.login.decode() if session.auth_data else None,
            }
        )
        if self.hold_reply:
            self.hold_reply = False
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        return "250 Message accepted for delivery"


@dataclass
class Authenticator:
    """Accepts one user and password; records each attempt's mechanism."""

    user: str
    password: str
    attempts: list[tuple[str, bool]] = field(default_factory=list)

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.user
            and auth_data.password.decode() == self.password
        )
        self.attempts.append((mechanism, ok))
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


class TlsSmtpServer:
    """aiosmtpd with ``security`` "starttls" (required before AUTH and MAIL) or "ssl"
    (implicit TLS), AUTH required; ``mechanisms``: the AUTH mechanisms it offers."""

    def __init__(
        self,
        certificates: Certificates,
        security: str,
        *,
        user: str = "stiwatch",
        password: str = "correct horse",
        mechanisms: tuple[str, ...] = ("LOGIN", "PLAIN"),
    ) -> None:
        self.port = free_port()
        self.security = security
        self.handler = Handler()
        self.auth = Authenticator(user, password)
        context = certificates.server_context()
        excluded = [m for m in ("LOGIN", "PLAIN") if m not in mechanisms]
        common: dict[str, Any] = {
            "hostname": "127.0.0.1",
            "port": self.port,
            "authenticator": self.auth,
            "auth_required": True,
            "auth_exclude_mechanism": excluded,
        }
        if security == "starttls":
            self.controller = Controller(
                self.handler, tls_context=context, require_starttls=True, auth_require_tls=True, **common
            )
        else:
            # Implicit TLS: the whole connection is TLS from the first byte.
            self.controller = Controller(self.handler, ssl_context=context, auth_require_tls=False, **common)

    def start(self) -> TlsSmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.handler.release.set()
        self.controller.stop()

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def env(self, password: str, ca: Path | None, security: str | None = None) -> dict[str, str]:
        out = {
            "STIWATCH_SMTP_HOST": "127.0.0.1",
            "STIWATCH_SMTP_PORT": str(self.port),
            "STIWATCH_SMTP_SECURITY": security or self.security,
            "STIWATCH_SMTP_USER": self.auth.user,
            "STIWATCH_SMTP_PASSWORD": password,
            "STIWATCH_SMTP_SENDER": "alerts@stiwatch.test",
            "STIWATCH_ALERTS_SECRET": "test-secret",
            "STIWATCH_ALERTS_BASE_URL": "http://127.0.0.1:8000",
        }
        if ca is not None:
            out["STIWATCH_SMTP_CA_CERTS"] = str(ca)
        return out
