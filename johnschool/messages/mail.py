"""Turn an outbox row into an email and hand it to SMTP, or to a file in development."""

import os
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from ..database import utcnow


@dataclass(frozen=True)
class Envelope:
    """What delivery needs of a message, read before its transaction ends."""

    id: int
    channel: str
    to_address: str
    language: str
    subject: str
    body: str
    attachment_name: str | None
    attachment: bytes | None

    @classmethod
    def of(cls, message) -> "Envelope":
        """Copy the fields of an OutboxMessage."""
        return cls(
            message.id,
            message.channel,
            message.to_address,
            message.language,
            message.subject,
            message.body,
            message.attachment_name,
            message.attachment,
        )


def build_email(envelope: Envelope, sender: str) -> EmailMessage:
    """Build the MIME message: a UTF-8 text body and the attachment, if any."""
    email = EmailMessage()
    email["From"] = sender
    email["To"] = envelope.to_address
    email["Subject"] = envelope.subject
    email["Date"] = format_datetime(utcnow())
    email["Message-ID"] = make_msgid(domain=_sender_domain(sender))
    email["Content-Language"] = envelope.language
    # Asks mail servers not to answer with vacation notices.
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(envelope.body, charset="utf-8")
    if envelope.attachment is not None:
        _attach(email, envelope.attachment_name or "attachment", envelope.attachment)
    return email


def _attach(email: EmailMessage, name: str, content: bytes) -> None:
    """Attach content: a calendar for .ics files, else opaque bytes."""
    if name.lower().endswith(".ics"):
        email.add_attachment(
            content,
            maintype="text",
            subtype="calendar",
            filename=name,
            params={"method": "PUBLISH", "charset": "utf-8"},
        )
    else:
        email.add_attachment(content, maintype="application", subtype="octet-stream", filename=name)


def _sender_domain(sender: str) -> str:
    """The domain of the sender's address, for Message-ID (never the host's name)."""
    address = parseaddr(sender)[1]
    return address.rpartition("@")[2] or "localhost"


class SmtpTransport:
    """Send through an SMTP server, one connection per message."""

    def __init__(self, config):
        self.config = config

    def send(self, email: EmailMessage, message_id: int) -> None:
        """Deliver email, or raise smtplib.SMTPException or OSError."""
        with self._connect() as server:
            if self.config["MAIL_USERNAME"]:
                server.login(self.config["MAIL_USERNAME"], self.config["MAIL_PASSWORD"] or "")
            server.send_message(email)

    def _connect(self) -> smtplib.SMTP:
        """Open the connection, over TLS from the start or upgraded by STARTTLS."""
        host, port, timeout = (
            self.config["MAIL_SERVER"],
            int(self.config["MAIL_PORT"]),
            float(self.config["MAIL_TIMEOUT"]),
        )
        if self.config["MAIL_USE_SSL"]:
            return smtplib.SMTP_SSL(
                host, port, timeout=timeout, context=ssl.create_default_context()
            )
        server = smtplib.SMTP(host, port, timeout=timeout)
        if self.config["MAIL_USE_TLS"]:
            try:
                server.starttls(context=ssl.create_default_context())
            except BaseException:
                server.close()
                raise
        return server


class FileTransport:
    """Write each message to instance/outbox/<id>-<random>.eml (development)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, email: EmailMessage, message_id: int) -> None:
        """Write email to a file of its own, readable by its owner only."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{message_id}-{secrets.token_hex(4)}.eml"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(email.as_bytes())


def sender_for(config, language: str) -> str:
    """The neutral sender of a message in language: MAIL_SENDER_EN for English, if set."""
    if language == "en" and config.get("MAIL_SENDER_EN"):
        return config["MAIL_SENDER_EN"]
    return config["MAIL_SENDER"]


def transport_for(app):
    """SMTP when MAIL_SERVER is set, else .eml files in the instance folder."""
    if app.config["MAIL_SERVER"]:
        return SmtpTransport(app.config)
    return FileTransport(Path(app.instance_path) / "outbox")
