"""Notes, documents, alerts, the dashboard and the digest reach only the user's site."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from johnschool.clock import program_today
from johnschool.coordination.alerts import first_alerts
from johnschool.coordination.dashboard import coordinator_dashboard
from johnschool.coordination.digest import queue_digests
from johnschool.coordination.documents import upload_document
from johnschool.coordination.notes import add_note
from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage

from ..enrollment.builders import make_cohort, referred_case
from ..factories import make_user
from .files import PDF, upload
from .sites import move_to, second_site


def due_in(case, days):
    case.deadline = program_today() + timedelta(days=days)
    db.session.commit()
    return case


@pytest.fixture
def world(app, liaison):
    """A case and a cohort in each site (MTL's by liaison), with a QC team."""
    mtl_case, qc_case = due_in(referred_case(liaison), 3), due_in(referred_case(liaison), 4)
    mtl_cohort, qc_cohort = make_cohort(days_ahead=10), make_cohort(days_ahead=12)
    document = upload_document(mtl_case, "consent", "consent.pdf", PDF, by=liaison)
    add_note(mtl_case, "Called the client.", by=liaison)
    db.session.commit()
    qc = second_site()
    move_to(qc["site"], qc_case, qc_cohort)
    return {
        **qc,
        "mtl_case": mtl_case,
        "qc_case": qc_case,
        "mtl_cohort": mtl_cohort,
        "qc_cohort": qc_cohort,
        "document": document,
        "province": make_user("admin"),
    }


@pytest.mark.parametrize("role", ["liaison", "admin"])
def test_another_sites_case_notes_and_documents_answer_404(client, sign_in, world, role):
    case, document = world["mtl_case"], world["document"]
    sign_in(world[role])
    assert client.post(f"/cases/{case.id}/notes", data={"text": "Hello"}).status_code == 404
    posted = client.post(
        f"/cases/{case.id}/documents",
        data=upload(PDF, "court.pdf", "court"),
        content_type="multipart/form-data",
    )
    assert posted.status_code == 404
    assert client.get(f"/cases/{case.id}/documents/{document.id}").status_code == 404


def test_the_own_sites_case_takes_notes_and_documents(client, sign_in, world):
    case = world["qc_case"]
    sign_in(world["admin"])
    assert client.post(f"/cases/{case.id}/notes", data={"text": "Hello"}).status_code == 302


def test_a_province_wide_admin_opens_every_sites_documents(client, sign_in, world):
    case, document = world["mtl_case"], world["document"]
    sign_in(world["province"])
    assert client.get(f"/cases/{case.id}/documents/{document.id}").status_code == 200


def test_a_site_admins_alerts_cover_their_site_only(client, sign_in, world):
    today = program_today()
    mtl, qc = world["mtl_case"], world["qc_case"]
    assert [a.case_id for a in first_alerts(today, world["admin"]).alerts] == [qc.id]
    assert first_alerts(today, world["admin"]).total == 1
    assert {a.case_id for a in first_alerts(today, world["province"]).alerts} == {mtl.id, qc.id}
    page = sign_in(world["admin"]).get("/alerts").text
    assert f'href="/cases/{qc.id}"' in page and f'href="/cases/{mtl.id}"' not in page


def test_a_liaison_moved_to_another_site_is_no_longer_alerted_of_the_old_ones(
    app, client, sign_in, world, liaison
):
    move_to(world["site"], liaison)
    (alert,) = first_alerts(program_today(), liaison).alerts
    assert alert.case_id == world["qc_case"].id
    page = sign_in(liaison).get("/alerts").text
    assert f'href="/cases/{world["mtl_case"].id}"' not in page


def test_the_dashboard_counts_and_lists_only_the_site_of_its_admin(world):
    today = program_today()
    board = coordinator_dashboard(today, world["admin"])
    assert [row.id for row in board.cohorts.rows] == [world["qc_cohort"].id]
    assert [row.id for row in board.waiting.rows] == [world["qc_case"].id]
    assert board.waiting.total == 1 and sum(board.waiting_by_state.values()) == 1
    everything = coordinator_dashboard(today, world["province"])
    assert everything.cohorts.total == 2 and everything.waiting.total == 2
    assert sum(everything.waiting_by_state.values()) == 2


def test_the_admins_home_shows_only_their_sites_cases(client, sign_in, world):
    mtl, qc = world["mtl_case"], world["qc_case"]
    page = sign_in(world["admin"]).get("/").text
    assert f'href="/cases/{qc.id}"' in page and f'href="/cases/{mtl.id}"' not in page
    page = sign_in(world["province"]).get("/").text
    assert f'href="/cases/{qc.id}"' in page and f'href="/cases/{mtl.id}"' in page


def test_the_digest_of_a_liaison_lists_only_the_cases_of_their_site(world, liaison):
    move_to(world["site"], liaison)
    assert queue_digests(program_today()) == 1
    (message,) = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "digest"))
    assert message.to_address == liaison.email
    assert f"/cases/{world['qc_case'].id}" in message.body
    assert f"/cases/{world['mtl_case'].id}\n" not in message.body
    assert "1 dossier" in message.body
