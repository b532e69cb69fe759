"""The outbox of a site's admin: only the messages of that site's cases and sessions."""

import pytest

from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage

from ..attendance.sites_world import two_sites
from ..factories import make_user
from .test_views import queue


@pytest.fixture
def world(app):
    """MTL and QC with a message each about one of their cases or sessions, and a
    digest tied to no case."""
    mtl, qc, province_admin = two_sites()
    messages = {
        "mtl_case": queue("mtlcase@example.com", status="failed", case_id=mtl.enrollment.case_id),
        "qc_case": queue("qccase@example.com", status="failed", case_id=qc.enrollment.case_id),
        "qc_session": queue("qcsession@example.com", status="failed", session_id=qc.session.id),
        "nowhere": queue("nowhere@example.com", status="failed", kind="digest"),
    }
    return mtl, qc, province_admin, messages


def test_a_site_admin_lists_only_the_messages_of_their_site(client, sign_in, world):
    _mtl, qc, _province_admin, _messages = world
    sign_in(qc.admin)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "q•••@example.com" in page
    assert page.count("•••@example.com") == 2
    assert "m•••@example.com" not in page and "n•••@example.com" not in page


def test_a_province_wide_admin_lists_every_message(client, sign_in, world):
    _mtl, _qc, province_admin, _messages = world
    sign_in(province_admin)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert page.count("•••@example.com") == 4


@pytest.mark.parametrize("message", ["mtl_case", "nowhere"])
def test_a_site_admin_cannot_retry_a_message_beyond_their_site(client, sign_in, world, message):
    _mtl, qc, _province_admin, messages = world
    sign_in(qc.admin)
    assert client.post(f"/admin/outbox/{messages[message]}/retry").status_code == 404
    assert db.session.get(OutboxMessage, messages[message]).status == "failed"


@pytest.mark.parametrize("message", ["qc_case", "qc_session"])
def test_a_site_admin_retries_a_message_of_their_site(client, sign_in, world, message):
    _mtl, qc, _province_admin, messages = world
    sign_in(qc.admin)
    assert client.post(f"/admin/outbox/{messages[message]}/retry").status_code == 302
    db.session.expire_all()
    assert db.session.get(OutboxMessage, messages[message]).status == "pending"


def test_a_province_wide_admin_retries_a_message_tied_to_no_case(client, sign_in, world):
    _mtl, _qc, province_admin, messages = world
    sign_in(province_admin)
    assert client.post(f"/admin/outbox/{messages['nowhere']}/retry").status_code == 302
    db.session.expire_all()
    assert db.session.get(OutboxMessage, messages["nowhere"]).status == "pending"


def test_a_liaison_has_no_outbox(client, sign_in, world):
    sign_in(make_user("liaison", site="QC"))
    assert client.get("/admin/outbox").status_code == 403
