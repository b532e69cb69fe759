"""The rate limit of public verification look-ups."""

from flask import current_app

from ..extensions import limiter


def verify_rate_limit():
    """The per-address limit on verification look-ups, from the configuration."""
    return current_app.config["VERIFY_RATE_LIMIT"]


# One budget for the page and the API together: both look codes up.
verify_limit = limiter.shared_limit(verify_rate_limit, scope="certificate-verify")
