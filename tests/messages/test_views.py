"""The coordinator's outbox page and its "retry now"."""

from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.messages.models import OutboxMessage
from johnschool.messages.services import queue_message
from johnschool.messages.views import masked_address

from ..query_counts import count_queries


def queue(address="jean.tremblay@example.com", *, status="pending", **fields):
    """Queue and commit one message, then give it status."""
    message = queue_message(
        kind=fields.pop("kind", "reminder"),
        to_address=address,
        language="fr",
        subject="Rappel : votre rendez-vous du 3 décembre",
        body="Corps confidentiel du message\n",
        **fields,
    )
    message.status = status
    if status == "failed":
        message.attempts, message.last_error = 8, "SMTP 451 (SMTPRecipientsRefused)"
    db.session.commit()
    return message.id


def test_an_address_is_masked_to_its_first_letter_and_domain():
    assert masked_address("jean.tremblay@example.com") == "j•••@example.com"
    assert masked_address("") == "•••"
    assert masked_address(None) == "•••"


def test_the_outbox_lists_messages_newest_first_without_address_or_content(client, sign_in, admin):
    older, newer = queue("older@example.com"), queue("newer@example.com", status="failed")
    sign_in(admin)
    response = client.get("/admin/outbox")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.index(f"<td>{newer}</td>") < page.index(f"<td>{older}</td>")
    assert "n•••@example.com" in page and "o•••@example.com" in page
    assert "newer@example.com" not in page and "older@example.com" not in page
    assert "Corps confidentiel" not in page and "votre rendez-vous du 3" not in page
    assert "SMTP 451 (SMTPRecipientsRefused)" in page


def test_the_outbox_filters_by_status(client, sign_in, admin):
    queue("waiting@example.com")
    queue("broken@example.com", status="failed")
    sign_in(admin)
    page = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "b•••@example.com" in page and "w•••@example.com" not in page


def test_an_empty_outbox_says_so(client, sign_in, admin):
    sign_in(admin)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert 'class="empty"' in page


def test_the_outbox_is_paginated(client, sign_in, admin):
    for number in range(55):
        queue(f"p{number}@example.com")
    sign_in(admin)
    first = client.get("/admin/outbox").get_data(as_text=True)
    second = client.get("/admin/outbox?page=2").get_data(as_text=True)
    assert first.count("•••@example.com") == 50
    assert second.count("•••@example.com") == 5


def test_the_outbox_page_runs_as_many_queries_for_many_messages_as_for_one(client, sign_in, admin):
    queue(status="failed")
    sign_in(admin)
    few = count_queries(client, "/admin/outbox")
    for number in range(30):
        queue(f"p{number}@example.com", status="failed" if number % 2 else "sent")
    assert count_queries(client, "/admin/outbox") == few


def test_retry_now_puts_a_failed_message_back_in_the_queue(client, sign_in, admin):
    message_id = queue(status="failed")
    sign_in(admin)
    response = client.post(f"/admin/outbox/{message_id}/retry")
    assert response.status_code == 302
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message_id)
    assert (message.status, message.attempts) == ("pending", 0)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "message.retry"))
    assert entry.object_id == message_id and entry.actor_id == admin.id


def test_retry_now_refuses_a_message_that_has_not_failed(client, sign_in, admin):
    message_id = queue(status="sent")
    sign_in(admin)
    response = client.post(f"/admin/outbox/{message_id}/retry", follow_redirects=True)
    assert "flash-error" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message_id).status == "sent"


def test_retry_now_of_an_unknown_message_is_not_found(client, sign_in, admin):
    sign_in(admin)
    assert client.post("/admin/outbox/999999/retry").status_code == 404


def test_the_admin_menu_links_to_the_outbox(client, sign_in, admin):
    sign_in(admin)
    assert 'href="/admin/outbox"' in client.get("/").get_data(as_text=True)
