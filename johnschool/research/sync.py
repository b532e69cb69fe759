"""Keep the research store current in every transaction, so no service can forget it.

Each flush notes the cases whose research-relevant facts changed (state, source,
dates, the client's language, birth date or postal code, an answer, a follow-up);
just before the transaction commits, their records are synced and flushed with it.
Writing a record changes none of the watched facts, so syncing never feeds itself.
"""

from itertools import chain

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, joinedload

from ..questionnaires.models import Answer, QuestionnaireResponse
from ..referrals.models import Case, Client
from .models import ReoffendingCheck
from .store import sync_record

PENDING = "research.pending"
CASE_FACTS = ("state", "source", "received_on", "offence_date", "client_id", "site_id")
CLIENT_FACTS = ("language", "birth_date", "postal_code")


def _changed(obj, names) -> bool:
    """Tell whether a new object, or one of the named attributes of a dirty one, changed."""
    state = inspect(obj)
    return state.pending or any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "after_flush")
def _collect(session, _context) -> None:
    """Note what the flush changed that the research store reflects."""
    pending = session.info.setdefault(
        PENDING, {"cases": set(), "clients": set(), "responses": set()}
    )
    for obj in chain(session.new, session.dirty):
        if isinstance(obj, Case) and _changed(obj, CASE_FACTS):
            pending["cases"].add(obj.id)
        elif isinstance(obj, Client) and _changed(obj, CLIENT_FACTS):
            pending["clients"].add(obj.id)
        elif isinstance(obj, QuestionnaireResponse | ReoffendingCheck):
            pending["cases"].add(obj.case_id)
        elif isinstance(obj, Answer):
            pending["responses"].add(obj.response_id)


@event.listens_for(Session, "before_commit")
def _sync(session) -> None:
    """Before the transaction commits, sync the records of the cases its flushes noted."""
    session.flush()
    for _round in range(3):  # a sync changes no watched fact: one round, then a check
        pending = session.info.pop(PENDING, None)
        if not pending or not any(pending.values()):
            return
        for case in session.scalars(_cases_of(pending).order_by(Case.id)).all():
            sync_record(case)
        session.flush()


def _cases_of(pending: dict):
    """The cases the noted changes belong to, each with its site (one query for all)."""
    return (
        select(Case)
        .options(joinedload(Case.site))
        .where(
            Case.id.in_(pending["cases"])
            | Case.client_id.in_(pending["clients"])
            | Case.id.in_(
                select(QuestionnaireResponse.case_id).where(
                    QuestionnaireResponse.id.in_(pending["responses"])
                )
            )
        )
    )
