"""The court liaison's pages: referral form, case list, case page and its actions."""

from datetime import date

import pytest
from sqlalchemy import func, select

from johnschool.audit.models import AuditEntry
from johnschool.coordination.notes import add_note
from johnschool.extensions import db
from johnschool.referrals.models import Case, PriorConviction
from johnschool.referrals.services import create_referral

from ..factories import make_user
from ..query_counts import count_queries

OFFENCE_DATE = date(2025, 10, 1)


@pytest.fixture
def liaison(app):
    """A court liaison reading English."""
    return make_user("liaison", language="en")


@pytest.fixture
def coordinator(app):
    """A program coordinator reading English."""
    return make_user("admin", language="en")


def form_data(priors=(), **changes):
    """A filled referral form; priors are (code, date) pairs."""
    data = {
        "family_name": "Tremblay",
        "given_name": "Jean-François",
        "birth_date": "1980-04-02",
        "language": "fr",
        "email": "jf@example.org",
        "phone": "450-555-0101",
        "postal_code": "j4k1a1",
        "source": "police",
        "offence_code": "286.1(1)",
        "offence_date": OFFENCE_DATE.isoformat(),
        "court_file": "505-01-123456-251",
        "received_on": "2025-11-01",
    }
    for number, (code, day) in enumerate(priors):
        data[f"priors-{number}-offence_code"] = code
        data[f"priors-{number}-conviction_date"] = day
    return {**data, **changes}


def count_cases():
    """How many cases are saved."""
    return db.session.scalar(select(func.count()).select_from(Case))


def make_case(by, priors=(), family_name="Tremblay", given_name="Jean-François", **referral):
    """Enter a referral through the service and commit it."""
    case = create_referral(
        {
            "family_name": family_name,
            "given_name": given_name,
            "birth_date": date(1980, 4, 2),
            "language": "fr",
        },
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": OFFENCE_DATE,
            "court_file": "505-01-000000-251",
            "involves_minor": False,
            "received_on": date(2025, 11, 1),
            **referral,
        },
        [{"offence_code": code} for code in priors],
        by=by,
    )
    db.session.commit()
    return case


def page(client, path):
    """GET a page; return its status and text."""
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


# --- The referral form -------------------------------------------------------------------


def test_referral_form_creates_an_eligible_case_and_shows_it(client, sign_in, liaison):
    sign_in(liaison)
    response = client.post("/cases/new", data=form_data(), follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Screening outcome: Eligible" in body
    assert "is accepted by the program" in body  # the rule's English reason
    case = db.session.scalars(select(Case)).one()
    assert case.state == "eligible" and case.client.postal_code == "J4K 1A1"
    assert response.request.path == f"/cases/{case.id}"


def test_referral_form_shows_the_eligible_outcome_in_french(client, sign_in, app):
    sign_in(make_user("liaison", language="fr"))
    body = client.post("/cases/new", data=form_data(), follow_redirects=True).get_data(as_text=True)
    assert "est admise au programme" in body  # the rule's French reason


def test_assault_prior_makes_the_case_ineligible_with_the_reason(client, sign_in, liaison):
    sign_in(liaison)
    data = form_data(priors=[("266", "2015-03-01")])
    body = client.post("/cases/new", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Screening outcome: Ineligible" in body
    assert "Assault" in body  # the catalogue title, in the prior and in the rule's reason
    assert db.session.scalars(select(Case)).one().state == "ineligible"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"family_name": ""}, "family_name"),
        ({"given_name": "  "}, "given_name"),
        ({"birth_date": ""}, "birth_date"),
        ({"birth_date": "not a date"}, "birth_date"),
        ({"birth_date": "1899-12-31"}, "birth_date"),
        ({"birth_date": "2015-01-01"}, "birth_date"),  # ten on the offence date
        ({"offence_date": "2999-01-01"}, "offence_date"),
        ({"offence_date": "1970-01-01"}, "offence_date"),  # before the birth date
        ({"received_on": "2999-01-01"}, "received_on"),
        ({"offence_code": ""}, "offence_code"),
        ({"court_file": ""}, "court_file"),
        ({"source": "neighbour"}, "source"),
        ({"language": "de"}, "language"),
        ({"email": "not an address"}, "email"),
        ({"postal_code": "12345"}, "postal_code"),
        ({"priors-0-conviction_date": "2015-03-01"}, "priors-0-offence_code"),
    ],
)
def test_invalid_field_is_named_and_nothing_is_saved(client, sign_in, liaison, changes, field):
    sign_in(liaison)
    before = count_cases()
    response = client.post("/cases/new", data=form_data(**changes))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in body
    assert count_cases() == before


def test_typed_values_are_kept_when_the_form_is_refused(client, sign_in, liaison):
    sign_in(liaison)
    data = form_data(priors=[("266", "2015-03-01")], court_file="", family_name="Ó Súilleabháin")
    body = client.post("/cases/new", data=data).get_data(as_text=True)
    assert 'value="Ó Súilleabháin"' in body
    assert 'value="266"' in body and 'value="2015-03-01"' in body
    assert 'value="J4K 1A1"' in body  # normalized on the way


@pytest.mark.parametrize("typed", ["j4k1a1", "J4K 1A1", " j4k 1a1 "])
def test_postal_code_is_normalized(client, sign_in, liaison, typed):
    sign_in(liaison)
    assert client.post("/cases/new", data=form_data(postal_code=typed)).status_code == 302
    assert db.session.scalars(select(Case)).one().client.postal_code == "J4K 1A1"


def test_unknown_prior_section_is_accepted_with_a_warning(client, sign_in, liaison):
    sign_in(liaison)
    data = form_data(priors=[("s. 999", "")])
    body = client.post("/cases/new", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Section 999 is not in the catalogue: the case goes to review." in body
    assert db.session.scalars(select(Case)).one().state == "needs_review"


def test_received_on_defaults_to_today(client, sign_in, liaison, app):
    sign_in(liaison)
    with app.test_request_context():
        from johnschool.clock import program_today

        today = program_today().isoformat()
    assert f'value="{today}"' in page(client, "/cases/new")[1]


# --- The case list -----------------------------------------------------------------------


def test_case_list_finds_a_name_under_another_spelling(client, sign_in, liaison):
    make_case(liaison, family_name="Tremblay", given_name="Jean-François")
    make_case(liaison, family_name="Gagnon", given_name="Luc")
    sign_in(liaison)
    _, body = page(client, "/cases?q=jean+francois+TREMBLAY")
    assert "Tremblay, Jean-François" in body and "Gagnon" not in body
    _, body = page(client, "/cases?q=Gagnón")
    assert "Gagnon, Luc" in body and "Tremblay" not in body


def test_case_list_finds_a_court_file(client, sign_in, liaison):
    make_case(liaison, court_file="500-01-111111-251")
    make_case(liaison, court_file="500-01-222222-251", family_name="Gagnon")
    sign_in(liaison)
    _, body = page(client, "/cases?q=222222")
    assert "500-01-222222-251" in body and "500-01-111111-251" not in body


def test_a_query_with_digits_searches_court_files_only(client, sign_in, liaison):
    make_case(liaison, court_file="500-01-333333-251", family_name="Roy")
    make_case(liaison, court_file="ROY-2026", family_name="Gagnon")
    sign_in(liaison)
    _, body = page(client, "/cases?q=500-01-333")
    assert "500-01-333333-251" in body and "ROY-2026" not in body
    _, body = page(client, "/cases?q=roy")
    # A name search looks at names: the Roy client, not the file number that spells it.
    assert "Roy," in body and "Gagnon" not in body


def test_case_list_filters_by_state(client, sign_in, liaison):
    make_case(liaison, family_name="Eligible")
    make_case(liaison, priors=["266"], family_name="Violent")
    sign_in(liaison)
    _, body = page(client, "/cases?state=ineligible")
    assert "Violent" in body and "Eligible," not in body


def test_case_list_is_paginated_newest_first(client, sign_in, liaison):
    for number in range(30):
        make_case(liaison, court_file=f"FILE-{number:03d}")
    sign_in(liaison)
    _, first = page(client, "/cases")
    assert "FILE-029" in first and "FILE-005" in first and "FILE-004" not in first
    assert "Page 1 of 2" in first
    _, second = page(client, "/cases?page=2")
    assert "FILE-004" in second and "FILE-005" not in second


def test_a_far_page_of_a_name_search_in_a_state_counts_and_lists_its_matches_only(
    client, sign_in, liaison
):
    for number in range(30):
        # Another person each time: a second referral of one person is not eligible.
        given_name = f"Jean {chr(97 + number // 26)}{chr(97 + number % 26)}"
        make_case(liaison, given_name=given_name, court_file=f"T-{number:03d}")
    make_case(liaison, given_name="Luc", priors=["266"], court_file="T-VIOLENT")
    make_case(liaison, family_name="Gagnon", court_file="G-000")
    sign_in(liaison)
    _, second = page(client, "/cases?q=tremblay&state=eligible&page=2")
    assert "Page 2 of 2 (30 in all)" in second
    # The link back keeps the search and the state.
    assert 'href="/cases?q=tremblay&amp;state=eligible&amp;page=1" rel="prev"' in second
    assert "T-004" in second and "T-000" in second and "T-005" not in second
    assert "T-VIOLENT" not in second and "G-000" not in second


def test_case_list_says_when_there_is_nothing(client, sign_in, liaison):
    sign_in(liaison)
    assert "There is no case yet" in page(client, "/cases")[1]
    assert "No case matches this search" in page(client, "/cases?q=nobody")[1]


def test_case_list_queries_do_not_grow_with_the_list(client, sign_in, liaison):
    for number in range(10):
        make_case(liaison, priors=["266"] if number % 2 else [], court_file=f"F-{number}")
    sign_in(liaison)
    few = count_queries(client, "/cases")
    for number in range(30):
        make_case(liaison, court_file=f"G-{number}")
    assert count_queries(client, "/cases") == few


# --- The case page -----------------------------------------------------------------------


def test_case_page_logs_the_view(client, sign_in, liaison):
    case = make_case(liaison)
    sign_in(liaison)
    status, body = page(client, f"/cases/{case.id}")
    assert status == 200
    viewed = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "case.viewed", AuditEntry.object_id == case.id
        )
    ).all()
    assert len(viewed) == 1 and viewed[0].actor_id == liaison.id
    assert "Screening" in body and liaison.name in body


def test_case_history_lists_the_changes_however_often_the_page_was_read(client, sign_in, liaison):
    case = make_case(liaison)
    sign_in(liaison)
    for _ in range(5):
        client.get(f"/cases/{case.id}")
    _, body = page(client, f"/cases/{case.id}")
    history = body[body.index('id="timeline-title"') :]
    assert history.count("<tr>") == 1 + 2  # its header, the referral and its screening
    assert "Referral entered" in history and "Screening" in history
    assert "viewed" not in history.lower()


def test_case_page_links_earlier_cases_of_the_same_person(client, sign_in, liaison):
    first = make_case(liaison, given_name="Jean-François")
    second = make_case(liaison, given_name="jean francois")
    sign_in(liaison)
    _, body = page(client, f"/cases/{second.id}")
    assert f'href="/cases/{first.id}"' in body and "Possible duplicates" in body
    assert second.state == "eligible"  # a duplicate referral, not a second participation


def test_unknown_case_is_404(client, sign_in, liaison):
    sign_in(liaison)
    assert client.get("/cases/9999").status_code == 404
    assert client.post("/cases/9999/screen").status_code == 404


def test_case_page_shows_only_the_actions_the_state_allows(client, sign_in, liaison):
    case = make_case(liaison)
    sign_in(liaison)
    _, body = page(client, f"/cases/{case.id}")
    assert f"/cases/{case.id}/consent" in body and f"/cases/{case.id}/screen" in body
    assert f"/cases/{case.id}/admit" not in body and f"/cases/{case.id}/return" not in body
    assert f"/cases/{case.id}/override" not in body


# --- Actions ------------------------------------------------------------------------------


def consent_data(**changes):
    """A complete consent form."""
    return {
        "counsel_advised": "y",
        "accepts_responsibility": "y",
        "consented_on": "2025-11-02",
        **changes,
    }


def test_consent_then_admission_move_the_case(client, sign_in, liaison):
    case = make_case(liaison)
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/consent", data=consent_data())
    assert response.status_code == 302
    assert db.session.get(Case, case.id).state == "consented"
    data = {"prosecutor": "Me Lavoie", "admitted_on": "2025-11-03"}
    response = client.post(f"/cases/{case.id}/admit", data=data, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Admitted on 2025-11-03 by Me Lavoie." in body
    db.session.expire_all()
    assert db.session.get(Case, case.id).state == "admitted"


def test_consent_needs_both_boxes(client, sign_in, liaison):
    case = make_case(liaison)
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/consent", data=consent_data(counsel_advised=""))
    assert response.status_code == 422
    assert 'id="counsel_advised-error"' in response.get_data(as_text=True)
    assert db.session.get(Case, case.id).state == "eligible"


def test_refused_transition_answers_409_with_the_message(client, sign_in, liaison):
    case = make_case(liaison)
    sign_in(liaison)
    data = {"prosecutor": "Me Lavoie", "admitted_on": "2025-11-03"}
    response = client.post(f"/cases/{case.id}/admit", data=data)
    assert response.status_code == 409
    assert "Admission follows the client&#39;s consent." in response.get_data(as_text=True)
    assert db.session.get(Case, case.id).state == "eligible"


def test_screening_again_keeps_a_new_decision(client, sign_in, liaison):
    case = make_case(liaison)
    sign_in(liaison)
    assert client.post(f"/cases/{case.id}/screen").status_code == 302
    assert len(db.session.get(Case, case.id).decisions) == 2
    client.post(f"/cases/{case.id}/consent", data=consent_data())
    response = client.post(f"/cases/{case.id}/screen")
    assert response.status_code == 409
    assert "Screening is only possible before consent." in response.get_data(as_text=True)


def test_liaison_cannot_override(client, sign_in, liaison):
    case = make_case(liaison, priors=["266"])
    sign_in(liaison)
    data = {"outcome": "eligible", "reason": "Old conviction, pardoned."}
    assert client.post(f"/cases/{case.id}/override", data=data).status_code == 403
    assert f"/cases/{case.id}/override" not in page(client, f"/cases/{case.id}")[1]


def test_override_needs_a_reason(client, sign_in, liaison, coordinator):
    case = make_case(liaison, priors=["266"])
    sign_in(coordinator)
    response = client.post(f"/cases/{case.id}/override", data={"outcome": "eligible"})
    assert response.status_code == 422
    assert 'id="reason-error"' in response.get_data(as_text=True)
    assert db.session.get(Case, case.id).state == "ineligible"


def test_override_with_a_reason_is_shown_on_the_page(client, sign_in, liaison, coordinator):
    case = make_case(liaison, priors=["266"])
    sign_in(coordinator)
    data = {"outcome": "eligible", "reason": "Conviction from 1998, record suspended."}
    response = client.post(f"/cases/{case.id}/override", data=data, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Conviction from 1998, record suspended." in body
    assert "screening had found: Ineligible" in body
    db.session.expire_all()
    assert db.session.get(Case, case.id).state == "eligible"


def test_return_needs_confirmation(client, sign_in, liaison):
    case = make_case(liaison, priors=["266"])
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/return")
    assert response.status_code == 422
    assert db.session.get(Case, case.id).state == "ineligible"
    response = client.post(f"/cases/{case.id}/return", data={"confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).state == "returned"


def test_eligible_case_cannot_be_returned(client, sign_in, liaison):
    case = make_case(liaison)
    sign_in(liaison)
    response = client.post(f"/cases/{case.id}/return", data={"confirm": "y"})
    assert response.status_code == 409
    assert "goes back to the prosecutor" in response.get_data(as_text=True)


# --- Access ------------------------------------------------------------------------------

CASE_URLS = [
    ("GET", "/cases"),
    ("GET", "/cases/new"),
    ("POST", "/cases/new"),
    ("GET", "/cases/{id}"),
    ("POST", "/cases/{id}/screen"),
    ("POST", "/cases/{id}/consent"),
    ("POST", "/cases/{id}/admit"),
    ("POST", "/cases/{id}/override"),
    ("POST", "/cases/{id}/return"),
]


@pytest.mark.parametrize("role", ["researcher", "participant", "staff"])
def test_other_roles_get_403_on_every_case_url(client, sign_in, liaison, role):
    case = make_case(liaison)
    sign_in(make_user(role))
    for method, path in CASE_URLS:
        response = client.open(path.format(id=case.id), method=method)
        assert response.status_code == 403, (method, path)


def test_anonymous_is_sent_to_the_login_page(client, liaison):
    case = make_case(liaison)
    for method, path in CASE_URLS:
        response = client.open(path.format(id=case.id), method=method)
        assert response.status_code == 302, (method, path)
        assert "/login" in response.headers["Location"]


def test_case_page_queries_do_not_grow_with_the_cases_history(client, sign_in, liaison):
    case = make_case(liaison, priors=["266"])
    add_note(case, "Premier appel.", by=liaison)
    db.session.commit()
    sign_in(liaison)
    few = count_queries(client, f"/cases/{case.id}")
    for number in range(5):
        case.priors.append(PriorConviction(offence_code="348"))
        add_note(case, f"Appel {number}.", by=liaison)
        make_case(liaison, court_file=f"505-01-00000{number}-261")  # the same person again
        client.get(f"/cases/{case.id}")  # more views in the history
    db.session.commit()
    assert count_queries(client, f"/cases/{case.id}") == few
