"""Start and stop the app under gunicorn on loopback, and sign in to it."""

import http.client
import os
import signal
import socket
import subprocess
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
COOKIE_NAME = "js_session"
# Flask-Login ties a session to the address and User-Agent: wrk must send the same one.
USER_AGENT = "johnschool-bench"
START_TIMEOUT = 30


def free_port():
    """Return a TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(port, workers, threads):
    """Build the gunicorn command line: sync workers, or gthread when threads > 1."""
    worker_class = "gthread" if threads > 1 else "sync"
    return [
        str(GUNICORN),
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        f"--chdir={ROOT}",
        "wsgi:app",
    ]


def log_tail(log_path, lines=20):
    """Return the end of the server's log, to explain a failure."""
    return "\n".join(Path(log_path).read_text(errors="replace").splitlines()[-lines:])


def start_server(env, port, workers, threads, log_path):
    """Start gunicorn in its own process group, logging to log_path; wait for /healthz."""
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            gunicorn_command(port, workers, threads),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    if not _wait_until_healthy(process, port):
        stop_server(process)
        raise RuntimeError(f"gunicorn did not start:\n{log_tail(log_path)}")
    return process


def _wait_until_healthy(process, port):
    """Poll /healthz until it answers 200; False when gunicorn exits or times out."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if fetch(port, "GET", "/healthz")[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def stop_server(process):
    """Stop gunicorn gracefully, then kill its process group if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def fetch(port, method, path, *, form=None, cookie=None, headers=None):
    """Send one request, with extra headers if given, and return (status, headers, body)."""
    headers = {"User-Agent": USER_AGENT, **(headers or {})}
    body = None
    if cookie:
        headers["Cookie"] = f"{COOKIE_NAME}={cookie}"
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class _CsrfFinder(HTMLParser):
    """Pick the value of the first csrf_token input of a page."""

    token = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("name") == "csrf_token" and self.token is None:
            self.token = attributes.get("value")


def _session_cookie(headers, fallback=None):
    """Return the session cookie a response sets, else fallback."""
    for header in headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie(header)
        if COOKIE_NAME in cookie:
            return cookie[COOKIE_NAME].value
    return fallback


def sign_in(port, email, password):
    """Sign in through the login form and return the session cookie's value."""
    status, headers, body = fetch(port, "GET", "/login")
    finder = _CsrfFinder()
    finder.feed(body.decode())
    cookie = _session_cookie(headers)
    if status != 200 or not finder.token or not cookie:
        raise RuntimeError(f"GET /login gave {status} without a form token or session cookie")
    form = {"email": email, "password": password, "csrf_token": finder.token}
    status, headers, _ = fetch(port, "POST", "/login", form=form, cookie=cookie)
    location = headers.get("Location", "")
    if status != 302 or urlsplit(location).path != "/":
        raise RuntimeError(f"POST /login gave {status} to {location!r} instead of a redirect to /")
    return _session_cookie(headers, cookie)
