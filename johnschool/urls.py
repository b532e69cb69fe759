"""URL helpers."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next_url(target, default_endpoint="main.home"):
    """Return target when it is a path on this site, else the default page."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return url_for(default_endpoint)
