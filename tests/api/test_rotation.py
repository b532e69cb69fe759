"""The rotation API: the proposal explained, proposing again, changes by hand, confirming."""

from datetime import UTC, datetime

import pytest

from johnschool.curriculum.models import Cohort, Session
from johnschool.extensions import db

from ..curriculum.builders import make_cohort, make_module, make_professional, make_session
from ..factories import make_user
from .calls import call, count_api_queries


@pytest.fixture
def admin(app):
    """A program coordinator reading English."""
    return make_user("admin", language="en")


@pytest.fixture
def cohort():
    """A planned cohort with a law and a health session, and one professional of each."""
    cohort = make_cohort()
    make_session(cohort, make_module("law"), datetime(2030, 3, 4, 14, tzinfo=UTC))
    make_session(cohort, make_module("health"), datetime(2030, 3, 4, 16, tzinfo=UTC))
    make_professional("law", name="Me Roy")
    make_professional("health", name="Inf. Tremblay")
    db.session.commit()
    return cohort


def propose(client, admin, cohort, replace=None):
    """Ask the API to propose the cohort's rotation."""
    body = {} if replace is None else {"replace": replace}
    return call(client, admin, "POST", f"/cohorts/{cohort.id}/rotation/propose", body)


def test_proposal_names_who_teaches_and_explains_why(client, admin, cohort):
    assert propose(client, admin, cohort).status_code == 200
    body = call(client, admin, "GET", f"/cohorts/{cohort.id}/rotation").get_json()
    assert body["status"] == "planned"
    law, health = body["sessions"]
    assert (law["professional"], health["professional"]) == ("Me Roy", "Inf. Tremblay")
    assert law["main"]["code"] == "only_candidate"
    assert law["main"]["explanation"].startswith("Only one qualified")
    assert law["backup_id"] is None and law["backup_choice"]["code"] == "no_other_qualified"


def test_proposing_again_over_choices_needs_replace(client, admin, cohort):
    propose(client, admin, cohort)
    assert propose(client, admin, cohort).status_code == 409
    assert propose(client, admin, cohort, replace=True).status_code == 200
    assert propose(client, admin, cohort, replace="yes").status_code == 422


def test_confirming_with_a_session_without_anyone_answers_409(client, admin, cohort):
    response = call(client, admin, "POST", f"/cohorts/{cohort.id}/rotation", {})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).status == "planned"


def test_confirming_after_the_proposal_confirms(client, admin, cohort):
    propose(client, admin, cohort)
    response = call(client, admin, "POST", f"/cohorts/{cohort.id}/rotation", {})
    assert response.status_code == 200
    assert response.get_json()["status"] == "confirmed" and response.get_json()["confirmed_at"]
    assert propose(client, admin, cohort, replace=True).status_code == 409


def sessions_of(cohort):
    """The cohort's sessions in time order."""
    return db.session.scalars(
        db.select(Session).where(Session.cohort_id == cohort.id).order_by(Session.starts_at)
    ).all()


def test_a_conflicting_change_is_refused_unless_forced_and_nothing_is_kept(client, admin, cohort):
    propose(client, admin, cohort)
    law, health = sessions_of(cohort)
    nurse = health.professional_id
    change = {"session_id": law.id, "professional_id": nurse, "backup_id": None}
    path = f"/cohorts/{cohort.id}/rotation"
    refused = call(client, admin, "POST", path, {"changes": [change]})
    assert refused.status_code == 409
    assert [c["code"] for c in refused.get_json()["conflicts"]] == ["unqualified"]
    db.session.expire_all()
    assert db.session.get(Session, law.id).professional_id != nurse
    forced = call(client, admin, "POST", path, {"changes": [change | {"force": True}]})
    assert forced.status_code == 200
    first = forced.get_json()["sessions"][0]
    assert first["professional_id"] == nurse and first["main"]["code"] == "manual"
    assert forced.get_json()["status"] == "confirmed"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"session_id": 999999}, "changes[0].session_id"),
        ({"professional_id": 999999}, "changes[0].professional_id"),
        ({"backup_id": "x"}, "changes[0].backup_id"),
        ({"force": "yes"}, "changes[0].force"),
    ],
)
def test_a_bad_change_answers_422_on_its_field(client, admin, cohort, change, field):
    law = sessions_of(cohort)[0]
    body = {"session_id": law.id, "professional_id": None, "backup_id": None} | change
    response = call(client, admin, "POST", f"/cohorts/{cohort.id}/rotation", {"changes": [body]})
    assert response.status_code == 422 and field in response.get_json()["fields"]


def test_only_the_admin_reaches_the_rotation(client, cohort):
    for role in ("liaison", "staff"):
        user = make_user(role)
        assert call(client, user, "GET", f"/cohorts/{cohort.id}/rotation").status_code == 403
        assert call(client, user, "POST", f"/cohorts/{cohort.id}/rotation", {}).status_code == 403


def test_unknown_cohort_answers_404(client, admin):
    assert call(client, admin, "GET", "/cohorts/999999/rotation").status_code == 404
    assert call(client, admin, "POST", "/cohorts/999999/rotation", {}).status_code == 404


def test_the_rotation_takes_as_many_queries_whatever_the_sessions(client, admin, cohort):
    propose(client, admin, cohort)
    few = count_api_queries(client, admin, f"/cohorts/{cohort.id}/rotation")
    for hour in (18, 19, 20):
        make_session(cohort, make_module("law"), datetime(2030, 3, 4, hour, tzinfo=UTC))
    db.session.commit()
    propose(client, admin, cohort, replace=True)
    assert count_api_queries(client, admin, f"/cohorts/{cohort.id}/rotation") == few
