"""A minimal SMTP server in a thread: it can refuse the first recipients, then accept."""

import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy


@dataclass
class Mailbox:
    """What the server saw and how it should answer."""

    refuse_first: int = 0  # answer RCPT with refusal_code this many times
    refusal_code: int = 451
    delay: float = 0.0  # seconds to wait before accepting DATA
    received: list = field(default_factory=list)  # (envelope sender, recipients, message)
    refusals: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def should_refuse(self) -> bool:
        """Tell whether to refuse this recipient, counting the refusal."""
        with self.lock:
            if self.refusals < self.refuse_first:
                self.refusals += 1
                return True
            return False


class SmtpHandler(socketserver.StreamRequestHandler):
    """One SMTP conversation: EHLO, MAIL, RCPT, DATA, QUIT, and little else."""

    def handle(self):
        self.reply("220 localhost test SMTP")
        self.sender, self.recipients = None, []
        while line := self.rfile.readline():
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if not self.answer(verb, line.decode("utf-8", "replace").strip()):
                return

    def answer(self, verb, line):
        """Answer one command; False when the conversation is over."""
        mailbox = self.server.mailbox
        if verb in ("EHLO", "HELO"):
            self.reply("250-localhost\r\n250 8BITMIME" if verb == "EHLO" else "250 localhost")
        elif verb == "MAIL":
            self.sender, self.recipients = line.split(":", 1)[1].strip(" <>"), []
            self.reply("250 OK")
        elif verb == "RCPT":
            if mailbox.should_refuse():
                self.reply(f"{mailbox.refusal_code} Try again later")
            else:
                self.recipients.append(line.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
        elif verb == "DATA":
            self.receive_data(mailbox)
        elif verb == "QUIT":
            self.reply("221 Bye")
            return False
        else:  # RSET, NOOP
            self.reply("250 OK")
        return True

    def receive_data(self, mailbox):
        """Read the message up to the lone dot, and keep it."""
        self.reply("354 End data with <CR><LF>.<CR><LF>")
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        if mailbox.delay:
            threading.Event().wait(mailbox.delay)
        message = message_from_bytes(b"".join(lines), policy=policy.default)
        with mailbox.lock:
            mailbox.received.append((self.sender, list(self.recipients), message))
        self.reply("250 Queued")

    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()


class SmtpServer(socketserver.ThreadingTCPServer):
    """The server, on a free port of 127.0.0.1."""

    daemon_threads = True
    allow_reuse_address = True
    block_on_close = True

    def __init__(self, mailbox):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.mailbox = mailbox

    @property
    def port(self):
        return self.server_address[1]


def start_server(mailbox):
    """Start a server in a thread; stop it with stop_server."""
    server = SmtpServer(mailbox)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return server, thread


def stop_server(server, thread):
    """Stop the server and release its socket."""
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
