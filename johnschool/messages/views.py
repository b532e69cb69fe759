"""The coordinator's view of the outbox: what was sent, what waits, what failed."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..i18n import N_, TranslatedLabels
from ..permissions import Role, role_required
from . import bp
from .access import message_or_404, outbox_criterion
from .models import MESSAGE_STATUSES
from .services import MessageError, outbox_messages, retry_message

PER_PAGE = 50

STATUS_LABELS = TranslatedLabels(
    {
        "pending": N_("Waiting"),
        "sent": N_("Sent"),
        "failed": N_("Failed"),
        "cancelled": N_("Cancelled"),
    }
)
KIND_LABELS = TranslatedLabels(
    {
        "invitation": N_("Invitation"),
        "enrollment": N_("Seat confirmed"),
        "promotion": N_("Seat freed"),
        "reminder": N_("Reminder"),
        "change": N_("Session changed"),
        "cancellation": N_("Session cancelled"),
    }
)


@bp.app_template_filter("masked_address")
def masked_address(address: str | None) -> str:
    """Show an address as j•••@example.com, a number as +1•••23: enough to tell apart."""
    if (address or "").startswith("+"):
        return f"{address[:2]}•••{address[-2:]}"
    local, at, domain = (address or "").partition("@")
    return f"{local[:1]}•••{at}{domain}"


@bp.get("/admin/outbox")
@role_required(Role.ADMIN)
def outbox():
    """List the outbox, newest first, without any message's content."""
    status = request.args.get("status") or None
    query = outbox_messages(status, outbox_criterion(current_user))
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    return render_template(
        "messages/outbox.html",
        page=page,
        status=status,
        statuses=MESSAGE_STATUSES,
        STATUS_LABELS=STATUS_LABELS,
        KIND_LABELS=KIND_LABELS,
    )


@bp.post("/admin/outbox/<int:message_id>/retry")
@role_required(Role.ADMIN)
def outbox_retry(message_id):
    """Queue a failed message again, due at once."""
    message_or_404(message_id, current_user)
    try:
        retry_message(message_id, by=current_user)
    except LookupError:
        db.session.rollback()
        abort(404)
    except MessageError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("messages.outbox"))
    db.session.commit()
    flash(_("Message %(id)d will be sent again shortly.", id=message_id), "success")
    return redirect(url_for("messages.outbox", status="failed"))
