"""Enrollment keeps to the case's site: pickers, checks, bulk and follow-ups."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from johnschool.clock import program_today
from johnschool.enrollment.bulk import admitted_cases_page, plan_enrollment
from johnschool.enrollment.follow_ups import schedule_individual_session
from johnschool.enrollment.models import Enrollment, FollowUpRequirement
from johnschool.enrollment.queries import case_panel
from johnschool.enrollment.services import CohortError, enroll
from johnschool.extensions import db

from ..factories import make_site, make_token, make_user
from .builders import admitted_case, make_cohort, make_professional


@pytest.fixture
def world(app):
    """MTL and QC each with an admitted case, an open cohort, a liaison and a professional."""
    liaisons = [make_user("liaison", language="en") for _ in range(2)]
    cases = [admitted_case(liaison) for liaison in liaisons]
    cohorts = [make_cohort(capacity=5) for _ in range(2)]
    professionals = [make_professional(name=f"Dr {code}") for code in ("MTL", "QC")]
    qc = make_site("QC")
    for row in (liaisons[1], cases[1], cohorts[1], professionals[1]):
        row.site_id = qc.id
    db.session.commit()
    return {
        code: {"liaison": who, "case": c, "cohort": h, "professional": p}
        for code, who, c, h, p in zip(
            ("mtl", "qc"), liaisons, cases, cohorts, professionals, strict=True
        )
    }


def enrollment_count():
    return db.session.scalar(select(func.count(Enrollment.id)))


def test_enrolling_a_case_in_another_sites_cohort_is_refused(world):
    mtl, qc = world["mtl"], world["qc"]
    with pytest.raises(CohortError, match="site"):
        enroll(mtl["case"], qc["cohort"], by=mtl["liaison"])
    db.session.rollback()
    assert enrollment_count() == 0


def test_the_cohort_picker_lists_only_the_cases_sites_cohorts(world):
    offered = {item.cohort.id for item in case_panel(world["mtl"]["case"]).open_cohorts}
    assert offered == {world["mtl"]["cohort"].id}


def test_api_refuses_another_sites_cohort_and_hides_another_sites_case(client, world):
    mtl, qc = world["mtl"], world["qc"]
    headers = {"Authorization": f"Bearer {make_token(mtl['liaison'])}"}
    url = f"/api/v1/referrals/{mtl['case'].id}/enroll"
    response = client.post(url, json={"cohort_id": qc["cohort"].id}, headers=headers)
    assert response.status_code == 422 and "cohort_id" in response.get_json()["fields"]
    url = f"/api/v1/referrals/{qc['case'].id}/enroll"
    response = client.post(url, json={"cohort_id": mtl["cohort"].id}, headers=headers)
    assert response.status_code == 404
    assert enrollment_count() == 0


def test_pages_of_another_sites_case_and_cohort_are_404(client, sign_in, world):
    mtl, qc = world["mtl"], world["qc"]
    sign_in(mtl["liaison"])
    case, cohort = qc["case"].id, qc["cohort"].id
    for url in (
        f"/cases/{case}/withdraw",
        f"/cases/{case}/follow-ups",
        f"/cases/{case}/follow-ups/sessions/new",
        f"/cohorts/{cohort}/enrollments",
        f"/cohorts/{cohort}/enroll-cases",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/cases/{case}/enroll", data={"cohort_id": mtl["cohort"].id})
    assert response.status_code == 404
    response = client.post(f"/cases/{mtl['case'].id}/enroll", data={"cohort_id": cohort})
    assert response.status_code == 422
    assert enrollment_count() == 0


def test_bulk_enrollment_offers_and_takes_only_the_cohorts_sites_cases(world):
    mtl, qc = world["mtl"], world["qc"]
    listed = {case.id for case in admitted_cases_page(mtl["cohort"], 1).items}
    assert listed == {mtl["case"].id}
    plan = plan_enrollment(mtl["cohort"], [mtl["case"].id, qc["case"].id])
    assert [case.id for case in plan.seated] == [mtl["case"].id]
    assert len(plan.refusals) == 1


def test_a_follow_up_session_takes_its_cases_site_and_its_professional(world):
    qc = world["qc"]
    case = qc["case"]
    case.state = "enrolled"
    db.session.add(FollowUpRequirement(case_id=case.id, discipline="sexology", session_count=1))
    db.session.commit()
    starts = program_today() + timedelta(days=3)
    from datetime import datetime, time

    from johnschool.clock import program_zone

    starts_at = datetime.combine(starts, time(10), program_zone())
    ends_at = starts_at + timedelta(hours=1)
    with pytest.raises(ValueError, match="site"):
        schedule_individual_session(
            case, world["mtl"]["professional"], starts_at, ends_at, "Bureau", by=qc["liaison"]
        )
    db.session.rollback()
    result = schedule_individual_session(
        case, qc["professional"], starts_at, ends_at, "Bureau", by=qc["liaison"]
    )
    assert result.session.site_id == case.site_id
