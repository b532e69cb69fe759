"""One log line per request, naming the endpoint rather than the URL.

URLs can carry secrets (one-time links) and ids of people; the endpoint name,
the method, the status and the duration are enough to operate the service.
"""

import logging
import time

from flask import g, request

log = logging.getLogger("johnschool.requests")


def start_timer():
    """Note when the request started."""
    g.request_started_at = time.perf_counter()


def log_request(response):
    """Log the endpoint, method, status and duration of the request."""
    started = g.get("request_started_at")
    if started is not None and request.endpoint != "static":
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.info(
            "%s %s %s %.1fms",
            request.method,
            request.endpoint or "-",
            response.status_code,
            elapsed_ms,
        )
    return response


def init_request_log(app):
    """Install the request log hooks and a handler when none is configured."""
    app.before_request(start_timer)
    app.after_request(log_request)
    if not log.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
