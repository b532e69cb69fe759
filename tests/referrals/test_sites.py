"""Cases scoped by site on the pages: another site's case is unknown, and absent from lists."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.referrals.duplicates import close_as_duplicate
from johnschool.referrals.models import Case

from ..query_counts import count_queries
from .site_cases import admit, site_case, two_sites


@pytest.fixture
def sites(app):
    """Two sites, MTL and QC, with their people."""
    return two_sites()


def text(client, path):
    """The status and text of a GET."""
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


CASE_POSTS = ("screen", "consent", "admit", "return", "payments", "close-duplicate")


def test_qc_liaison_gets_404_on_every_page_of_an_mtl_case(client, sign_in, sites):
    case = site_case(sites.mtl_liaison)
    admit(case, sites.mtl_liaison)
    sign_in(sites.qc_liaison)
    for path in ("", "/letter", "/outcome-letter"):
        assert client.get(f"/cases/{case.id}{path}").status_code == 404
    for action in CASE_POSTS:
        assert client.post(f"/cases/{case.id}/{action}").status_code == 404
    viewed = select(func.count()).where(AuditEntry.action == "case.viewed")
    assert db.session.scalar(viewed) == 0
    assert db.session.get(Case, case.id).state == "admitted"


def test_qc_site_admin_gets_404_on_mtl_fee_and_override(client, sign_in, sites):
    case = admit(site_case(sites.mtl_liaison), sites.mtl_liaison)
    sign_in(sites.qc_admin)
    for action in ("fee/reduce", "fee/waive", "override"):
        assert client.post(f"/cases/{case.id}/{action}").status_code == 404
    assert client.get(f"/cases/{case.id}").status_code == 404


def test_qc_liaison_lists_and_finds_only_qc_cases(client, sign_in, sites):
    mtl = site_case(sites.mtl_liaison, family_name="Tremblay")
    qc = site_case(sites.qc_liaison, family_name="Tremblay")
    sign_in(sites.qc_liaison)
    for query in ("", "?q=tremblay", f"?q={mtl.court_file}", "?state=eligible"):
        _, body = text(client, f"/cases{query}")
        assert f'href="/cases/{mtl.id}"' not in body, query
    _, body = text(client, "/cases?q=tremblay")
    assert f'href="/cases/{qc.id}"' in body
    _, body = text(client, f"/cases?q={mtl.court_file}")
    assert "No case matches this search" in body
    assert 'name="site"' not in body  # no site filter for a user of one site


def test_site_admin_of_qc_sees_only_qc(client, sign_in, sites):
    mtl, qc = site_case(sites.mtl_liaison), site_case(sites.qc_liaison)
    sign_in(sites.qc_admin)
    _, body = text(client, "/cases")
    assert qc.court_file in body and mtl.court_file not in body
    assert client.get(f"/cases/{qc.id}").status_code == 200


def test_province_wide_admin_sees_both_with_a_site_column_and_filter(client, sign_in, sites):
    mtl, qc = site_case(sites.mtl_liaison), site_case(sites.qc_liaison)
    sign_in(sites.province_admin)
    _, body = text(client, "/cases")
    assert mtl.court_file in body and qc.court_file in body
    assert "<td>Montreal</td>" in body and "<td>Québec</td>" in body
    _, body = text(client, f"/cases?site={sites.qc.id}")
    assert qc.court_file in body and mtl.court_file not in body
    for case in (mtl, qc):
        assert client.get(f"/cases/{case.id}").status_code == 200


def test_case_page_names_the_site_once_there_are_several(client, sign_in, app):
    from ..factories import make_user

    liaison = make_user("liaison", language="en")
    case = site_case(liaison)
    sign_in(liaison)
    assert "<dt>Site</dt>" not in text(client, f"/cases/{case.id}")[1]
    sites = two_sites()
    sign_in(sites.mtl_liaison)
    assert "<dt>Site</dt><dd>Montreal</dd>" in text(client, f"/cases/{case.id}")[1]


# --- Entering a referral -----------------------------------------------------------------


def referral_form(**changes):
    """A filled referral form."""
    data = {
        "family_name": "Tremblay",
        "given_name": "Luc",
        "birth_date": "1980-04-02",
        "language": "fr",
        "source": "police",
        "offence_code": "286.1(1)",
        "offence_date": "2026-10-01",
        "court_file": "505-01-123456-261",
        "received_on": "2026-11-01",
    }
    return {**data, **changes}


def test_qc_liaison_enters_a_referral_at_her_site_without_choosing(client, sign_in, sites):
    sign_in(sites.qc_liaison)
    assert 'name="site"' not in text(client, "/cases/new")[1]
    response = client.post("/cases/new", data=referral_form(site=str(sites.mtl.id)))
    assert response.status_code == 302
    assert db.session.scalars(select(Case)).one().site_id == sites.qc.id


def test_site_admin_enters_a_referral_at_her_site(client, sign_in, sites):
    sign_in(sites.qc_admin)
    assert client.post("/cases/new", data=referral_form()).status_code == 302
    assert db.session.scalars(select(Case)).one().site_id == sites.qc.id


def test_province_wide_admin_must_choose_the_site(client, sign_in, sites):
    sign_in(sites.province_admin)
    _, body = text(client, "/cases/new")
    assert 'name="site"' in body and "Québec" in body
    response = client.post("/cases/new", data=referral_form())
    assert response.status_code == 422
    assert "Choose the site of the case." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0
    response = client.post("/cases/new", data=referral_form(site=str(sites.qc.id)))
    assert response.status_code == 302
    assert db.session.scalars(select(Case)).one().site_id == sites.qc.id


def test_an_admin_of_a_single_site_deployment_is_not_asked(client, sign_in, admin):
    sign_in(admin)
    assert 'name="site"' not in text(client, "/cases/new")[1]
    assert client.post("/cases/new", data=referral_form()).status_code == 302


# --- The one-chance rule across sites ----------------------------------------------------


def test_a_person_who_took_part_in_mtl_is_refused_in_qc_without_the_mtl_details(
    client, sign_in, sites
):
    earlier = admit(site_case(sites.mtl_liaison, family_name="Côté"), sites.mtl_liaison)
    later = site_case(sites.qc_liaison, family_name="cote")
    assert later.state == "ineligible"
    sign_in(sites.qc_liaison)
    _, body = text(client, f"/cases/{later.id}")
    assert "The client took part in the program before, at another site." in body
    assert f"/cases/{earlier.id}" not in body and earlier.court_file not in body
    assert f"case {earlier.id}" not in body
    assert "Other cases of the same person" not in body
    sign_in(sites.province_admin)
    _, body = text(client, f"/cases/{later.id}")
    assert f'href="/cases/{earlier.id}"' in body and "Other cases of the same person" in body


def test_an_earlier_case_of_the_same_site_is_still_named(sites):
    earlier = admit(site_case(sites.qc_liaison, family_name="Côté"), sites.qc_liaison)
    later = site_case(sites.qc_liaison, family_name="Cote")
    assert later.state == "ineligible"
    assert f"(case {earlier.id})" in later.latest_decision.rules


# --- Duplicates --------------------------------------------------------------------------


def test_a_duplicate_at_another_site_is_shown_to_the_province_wide_admin_only(
    client, sign_in, sites
):
    mtl = site_case(sites.mtl_liaison, family_name="Côté")
    qc = site_case(sites.qc_liaison, family_name="cote")
    assert qc.state == "eligible"  # never took part: a possible duplicate, not a refusal
    sign_in(sites.qc_liaison)
    _, body = text(client, f"/cases/{qc.id}")
    assert "Possible duplicates" not in body and f"/cases/{mtl.id}" not in body
    path = f"/cases/{qc.id}/close-duplicate"
    response = client.post(path, data={"original_id": mtl.id, "confirm_duplicate": "y"})
    assert response.status_code == 422
    assert db.session.get(Case, qc.id).state == "eligible"
    sign_in(sites.province_admin)
    _, body = text(client, f"/cases/{qc.id}")
    assert "Possible duplicates" in body and f'href="/cases/{mtl.id}"' in body


def test_closing_as_a_duplicate_of_an_unreachable_case_is_refused(sites):
    mtl = site_case(sites.mtl_liaison, family_name="Côté")
    qc = site_case(sites.qc_liaison, family_name="cote")
    with pytest.raises(ValueError):
        close_as_duplicate(qc, mtl.id, by=sites.qc_liaison)
    db.session.rollback()
    close_as_duplicate(qc, mtl.id, by=sites.province_admin)
    assert qc.duplicate_of_id == mtl.id


# --- Fees --------------------------------------------------------------------------------


def test_an_admitted_case_is_assessed_its_sites_default_fee(sites):
    sites.qc.default_fee = Decimal("175")
    db.session.commit()
    qc = admit(site_case(sites.qc_liaison), sites.qc_liaison)
    mtl = admit(site_case(sites.mtl_liaison), sites.mtl_liaison)
    assert qc.fee.amount == Decimal("175.00")
    program_default = mtl.fee.amount
    assert program_default != Decimal("175.00")


# --- Queries per page --------------------------------------------------------------------


def test_province_wide_list_queries_do_not_grow_with_the_sites_cases(client, sign_in, sites):
    for _ in range(3):
        site_case(sites.mtl_liaison), site_case(sites.qc_liaison)
    sign_in(sites.province_admin)
    few = count_queries(client, "/cases")
    for _ in range(10):
        site_case(sites.mtl_liaison), site_case(sites.qc_liaison)
    assert count_queries(client, "/cases") == few


def test_liaison_case_page_queries_do_not_grow_with_other_sites(client, sign_in, sites):
    case = site_case(sites.qc_liaison)
    sign_in(sites.qc_liaison)
    few = count_queries(client, f"/cases/{case.id}")
    for _ in range(5):
        site_case(sites.mtl_liaison)
    assert count_queries(client, f"/cases/{case.id}") == few


def test_a_case_closed_as_a_duplicate_of_another_sites_case_does_not_name_it(
    client, sign_in, sites
):
    mtl = site_case(sites.mtl_liaison, family_name="Côté")
    qc = site_case(sites.qc_liaison, family_name="cote")
    close_as_duplicate(qc, mtl.id, by=sites.province_admin)
    db.session.commit()
    for user in (sites.qc_liaison, sites.qc_admin):
        sign_in(user)
        _, body = text(client, f"/cases/{qc.id}")
        assert "Closed as a duplicate of a case of another site." in body
        assert f"Case no. {mtl.id}<" not in body and f'href="/cases/{mtl.id}"' not in body
        assert mtl.court_file not in body and "Closed as a duplicate of:" not in body
    sign_in(sites.mtl_liaison)
    _, body = text(client, f"/cases/{mtl.id}")
    assert f'href="/cases/{qc.id}"' not in body and qc.court_file not in body


def test_the_province_wide_admin_sees_the_number_of_the_case_that_stays(client, sign_in, sites):
    mtl = site_case(sites.mtl_liaison, family_name="Côté")
    qc = site_case(sites.qc_liaison, family_name="cote")
    close_as_duplicate(qc, mtl.id, by=sites.province_admin)
    db.session.commit()
    sign_in(sites.province_admin)
    _, body = text(client, f"/cases/{qc.id}")
    assert "Closed as a duplicate of:" in body and f'href="/cases/{mtl.id}"' in body
    assert "a case of another site" not in body


def test_a_duplicate_of_a_case_of_the_same_site_still_names_it(client, sign_in, sites):
    first = site_case(sites.qc_liaison, family_name="Côté")
    second = site_case(sites.qc_liaison, family_name="cote")
    close_as_duplicate(second, first.id, by=sites.qc_liaison)
    db.session.commit()
    sign_in(sites.qc_liaison)
    _, body = text(client, f"/cases/{second.id}")
    assert "Closed as a duplicate of:" in body and f'href="/cases/{first.id}"' in body
