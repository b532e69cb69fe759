"""Replies to text messages: the provider posts them here, signed; STOP and START act.

The address is public (the provider has no login) and exempt from CSRF, so the
X-Twilio-Signature header, computed with TWILIO_AUTH_TOKEN over the address and the
form, is what proves a request came from Twilio. Anything unsigned is refused.
"""

import logging

from flask import Response, abort, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from ..extensions import csrf, db
from . import bp
from .preferences import handle_reply

logger = logging.getLogger(__name__)


def signed_url() -> str:
    """The address Twilio signed: on PUBLIC_URL when set (behind a proxy), else the request's."""
    public = current_app.config.get("PUBLIC_URL")
    if not public:
        return request.url
    query = f"?{request.query_string.decode()}" if request.query_string else ""
    return public.rstrip("/") + request.path + query


def is_signed_by_twilio() -> bool:
    """Tell whether the request carries a valid Twilio signature."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return RequestValidator(token).validate(signed_url(), request.form.to_dict(), signature)


@bp.post("/sms/replies")
@csrf.exempt
def sms_reply():
    """Record a STOP or START reply; answer an empty TwiML response (no text back)."""
    if not is_signed_by_twilio():
        logger.warning("text reply refused: missing or bad signature")
        abort(403)
    changed = handle_reply(request.form.get("From", ""), request.form.get("Body", ""))
    db.session.commit()
    logger.info("text reply handled: %d participant(s) changed", changed)
    return Response(str(MessagingResponse()), mimetype="text/xml")
