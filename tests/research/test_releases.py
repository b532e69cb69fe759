"""What a researcher may be given: fixed periods, the ledger of populations, a daily budget."""

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.referrals.settings import program_settings
from johnschool.research.models import ResearchBudgetReset, ResearchRelease

from ..factories import make_token, make_user
from ..query_counts import count_queries
from .builders import add_records


@pytest.fixture
def researcher(app):
    return make_user("researcher")


@pytest.fixture
def api(client, researcher):
    """Ask the statistics API as the researcher; return the response."""
    headers = {"Authorization": f"Bearer {make_token(researcher)}"}

    def ask(arguments: str):
        return client.get(f"/api/v1/stats/profile?dims=outcome&{arguments}", headers=headers)

    return ask


@pytest.mark.parametrize(
    "arguments",
    ["from=2016&to=2018", "from=2016", "to=2019", "from=2014&to=2018", "period=2016-2017"],
)
def test_a_range_that_is_not_one_year_or_a_fixed_period_is_refused(api, arguments):
    add_records(30, year=2016)
    response = api(arguments)
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) & {"from", "to", "period"}


@pytest.mark.parametrize(
    "arguments", ["", "from=2016&to=2016", "from=2015&to=2019", "period=2016", "period=2015-2019"]
)
def test_every_year_one_year_and_a_fixed_period_are_answered(api, arguments):
    add_records(30, year=2016)
    assert api(arguments).status_code == 200


def test_a_population_one_person_away_from_an_earlier_one_is_refused(api):
    add_records(30, language="fr")
    add_records(1, language="en")
    assert api("language=fr").status_code == 200
    refused = api("")
    assert refused.status_code == 409
    assert "moins de 5 personnes" in refused.get_json()["message"]
    assert api("language=fr").status_code == 200  # the same population again is fine


def test_populations_that_differ_by_k_people_or_more_are_both_answered(api):
    add_records(30, language="fr")
    add_records(5, language="en")
    assert api("language=fr").status_code == 200
    assert api("").status_code == 200


def test_the_same_period_grown_by_a_few_cases_is_refused_until_k_more_arrive(api):
    add_records(30, year=2025)
    assert api("period=2025").status_code == 200
    add_records(2, year=2025)
    assert api("period=2025").status_code == 409
    add_records(3, year=2025)
    assert api("period=2025").status_code == 200


def test_the_ledger_is_the_researchers_own(api, client):
    add_records(30, language="fr")
    add_records(1, language="en")
    assert api("language=fr").status_code == 200
    other = make_token(make_user("researcher", email="other@example.org"))
    response = client.get(
        "/api/v1/stats/profile?dims=outcome", headers={"Authorization": f"Bearer {other}"}
    )
    assert response.status_code == 200


def test_the_coordinator_is_logged_but_not_limited(app, client, sign_in, admin):
    add_records(30, language="fr")
    add_records(1, language="en")
    sign_in(admin)
    assert client.get("/research?dim=outcome&language=fr").status_code == 200
    assert client.get("/research?dim=outcome").status_code == 200
    assert len(db.session.scalars(select(ResearchRelease)).all()) == 2


def test_the_page_shows_a_refusal_in_words(client, sign_in, researcher):
    add_records(30, language="fr")
    add_records(1, language="en")
    sign_in(researcher)
    assert client.get("/research?dim=outcome&language=fr").status_code == 200
    page = client.get("/research?dim=outcome")
    assert page.status_code == 409
    text = page.get_data(as_text=True)
    assert "moins de 5 personnes" in text and 'class="compact statistics"' not in text


def test_the_daily_budget_stops_a_researcher_until_an_admin_resets_it(
    api, client, sign_in, admin, researcher
):
    add_records(30)
    program_settings().research_daily_budget = 3
    db.session.commit()
    assert [api("").status_code for _ in range(3)] == [200, 200, 200]
    refused = api("")
    assert refused.status_code == 429 and "3" in refused.get_json()["message"]
    sign_in(admin)
    budgets = client.get("/research/budgets").get_data(as_text=True)
    assert researcher.name in budgets and "3 / 3" in budgets
    assert client.post(f"/research/budgets/{researcher.id}/reset").status_code == 302
    assert db.session.scalar(select(ResearchBudgetReset.reset_by_id)) == admin.id
    assert api("").status_code == 200
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "research.budget_reset" in actions


def test_every_release_is_logged_with_its_population_and_no_number(api):
    add_records(30, year=2016, language="fr")
    add_records(3, year=2016, language="en")
    api("period=2016&language=fr")
    api("period=2016&language=en")  # fewer than k: nothing shown, still a release
    first, second = db.session.scalars(select(ResearchRelease).order_by(ResearchRelease.id))
    assert (first.year_from, first.year_to, first.language, first.population) == (
        2016,
        2016,
        "fr",
        30,
    )
    assert second.population is None and second.channel == "api"
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "research.query")
    ).first()
    assert '"people":30' in entry.data


def test_the_budget_page_is_the_coordinators_alone(client, sign_in, researcher):
    sign_in(researcher)
    assert client.get("/research/budgets").status_code == 403
    assert client.post(f"/research/budgets/{researcher.id}/reset").status_code == 403


def test_the_budget_page_runs_as_many_queries_however_many_researchers(api, client, sign_in, admin):
    add_records(30)
    api("")
    sign_in(admin)
    few = count_queries(client, "/research/budgets")
    for number in range(3):
        other = make_user("researcher", email=f"r{number}@example.org")
        token = make_token(other)
        client.get(
            "/api/v1/stats/profile?dims=outcome", headers={"Authorization": f"Bearer {token}"}
        )
    sign_in(admin)
    assert count_queries(client, "/research/budgets") == few
