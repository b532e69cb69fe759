"""Site as a statistics dimension and filter: suppressed, perturbed and ledgered like the others."""

import csv
import io
import json

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.research.models import ResearchRecord, ResearchRelease
from johnschool.research.perturbation import SPREAD
from johnschool.research.releases import Atoms, atoms
from johnschool.research.statistics import (
    RECORD_DIMENSIONS,
    Filters,
    can_fold,
    categories_of,
    folded_counts,
    grouped_counts,
    profile_table,
)
from johnschool.research.suppression import TOTAL

from ..factories import FIRST_SITE, make_site, make_token, make_user
from .builders import add_records
from .test_store_sync import referral


@pytest.fixture
def two_sites(app):
    """A second site, Québec, beside the first (Montréal)."""
    return make_site("QC", "Ville de Québec")


@pytest.fixture
def researcher(app):
    return make_user("researcher")


@pytest.fixture
def api(client, researcher):
    """Ask the statistics API as the researcher; return the response."""
    headers = {"Authorization": f"Bearer {make_token(researcher)}"}

    def ask(arguments: str):
        return client.get(f"/api/v1/stats/profile?{arguments}", headers=headers)

    return ask


def test_site_is_a_record_dimension_whose_categories_are_every_site_in_code_order(two_sites):
    make_site("GAT", "Gatineau")
    assert "site" in RECORD_DIMENSIONS
    # Every site is a row, even one without a single record: the shape never depends on who.
    assert categories_of("site", Filters()) == ["GAT", FIRST_SITE, "QC"]


def test_a_table_by_site_counts_each_site_and_hides_a_small_one(two_sites):
    add_records(40, site=FIRST_SITE)
    add_records(25, site="QC", outcome="failed")
    add_records(2, site="QC")
    profile = profile_table(["site"], Filters(), k=5)
    table = profile.table
    assert table.rows == [FIRST_SITE, "QC"]
    assert abs(table.cell(FIRST_SITE) - 40) <= SPREAD
    assert abs(table.cell("QC") - 27) <= SPREAD
    two_way = profile_table(["site", "outcome"], Filters(), k=5).table
    # Two Québec cases completed: hidden, and so is a complement in the completed column.
    assert two_way.cell("QC", "completed") is None
    column = [two_way.cell(row, "completed") for row in [*two_way.rows, TOTAL]]
    assert column.count(None) >= 2
    assert abs(two_way.cell(FIRST_SITE, TOTAL) - 40) <= SPREAD


def test_a_small_sites_count_is_hidden_with_a_complement_on_the_page(
    two_sites, client, sign_in, researcher
):
    add_records(40, site=FIRST_SITE)
    add_records(3, site="QC")
    sign_in(researcher)
    html = client.get("/research?dim=site").get_data(as_text=True)
    assert "Ville de Québec" in html
    table = html.split('class="compact statistics"')[1].split("</table>")[0]
    # Québec's 3 is hidden; Montréal's count would give it away from the total: hidden too.
    assert table.count('class="suppressed"') >= 2
    assert ">3<" not in table


def test_the_site_filter_counts_only_that_sites_cases(two_sites, api):
    add_records(30, site=FIRST_SITE, language="fr")
    add_records(10, site="QC", language="fr")
    add_records(20, site="QC", language="en")
    response = api("dims=language&site=QC")
    assert response.status_code == 200
    cells = {cell["language"]: cell["count"] for cell in response.get_json()["cells"]}
    assert abs(cells["fr"] - 10) <= SPREAD  # no Montréal case counted
    assert abs(cells["en"] - 20) <= SPREAD


def test_an_unknown_site_code_is_refused(two_sites, api):
    add_records(30)
    response = api("dims=outcome&site=XYZ")
    assert response.status_code == 422
    assert "site" in response.get_json()["fields"]


def test_a_site_filter_leaving_fewer_than_k_people_shows_nothing(two_sites, api):
    add_records(30, site=FIRST_SITE)
    add_records(4, site="QC")
    body = api("dims=outcome&site=QC").get_json()
    assert body["cells"] == []


def test_the_ledger_refuses_a_whole_store_one_small_site_away_from_a_site_filter(two_sites, api):
    add_records(30, site=FIRST_SITE)
    add_records(2, site="QC")
    assert api(f"dims=outcome&site={FIRST_SITE}").status_code == 200
    # Every site minus Montréal would be Québec's two people.
    refused = api("dims=outcome")
    assert refused.status_code == 409
    assert api("dims=outcome&site=QC").get_json()["cells"] == []  # under k: nothing
    assert api(f"dims=outcome&site={FIRST_SITE}").status_code == 200  # the same again


def test_the_ledger_refuses_a_site_filter_one_person_away_from_a_language_filter(two_sites, api):
    add_records(30, site="QC", language="fr")
    add_records(1, site="QC", language="en")
    add_records(40, site=FIRST_SITE, language="en")
    assert api("dims=outcome&language=fr").status_code == 200
    # Québec = Québec's French cases (the release above) plus one English case.
    assert api("dims=outcome&site=QC").status_code == 409


def test_populations_k_apart_across_sites_are_both_answered(two_sites, api):
    add_records(30, site=FIRST_SITE)
    add_records(5, site="QC")
    assert api(f"dims=outcome&site={FIRST_SITE}").status_code == 200
    assert api("dims=outcome").status_code == 200
    released = db.session.scalars(select(ResearchRelease.site).order_by(ResearchRelease.id))
    assert list(released) == [FIRST_SITE, None]


def test_atoms_count_by_site_too(two_sites):
    add_records(7, site=FIRST_SITE, year=2024)
    add_records(3, site="QC", year=2024)
    counts = atoms()
    assert counts.size(Filters(site="QC")) == 3
    assert counts.size(Filters(year_from=2024, year_to=2024)) == 10
    assert counts.difference(Filters(), Filters(site=FIRST_SITE)) == 3
    assert Atoms({(2024, "fr", "police", "QC"): 3}).size(Filters(site=FIRST_SITE)) == 0


def test_the_csv_export_names_each_site_and_is_logged_with_the_filter(
    two_sites, client, sign_in, researcher
):
    add_records(30, site=FIRST_SITE, language="fr")
    add_records(10, site=FIRST_SITE, language="en")
    add_records(12, site="QC", language="fr")
    add_records(8, site="QC", language="en")
    sign_in(researcher)
    export = client.get("/research/export.csv?dim=site&by=language")
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert {row["site"] for row in rows} == {FIRST_SITE, "QC", "Total"}
    montreal = next(row for row in rows if row["site"] == FIRST_SITE and row["language"] == "fr")
    assert abs(int(montreal["count"]) - 30) <= SPREAD
    client.get("/research/export.csv?dim=outcome&site=QC")
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "research.export").order_by(AuditEntry.id)
    ).all()[-1]
    assert json.loads(entry.data)["site"] == "QC"


def test_the_page_offers_site_as_a_dimension_and_a_filter_in_the_readers_language(
    two_sites, client, sign_in
):
    add_records(30, site=FIRST_SITE)
    add_records(12, site="QC")
    sign_in(make_user("researcher", language="en"))
    html = client.get("/research?dim=site").get_data(as_text=True)
    assert '<option value="site" selected>Site</option>' in html
    assert '<select id="site" name="site">' in html
    assert '<th scope="row">Ville de Québec</th>' in html
    assert '<th scope="row">Montreal</th>' in html  # the English name, not Montréal


def test_a_single_site_program_offers_no_site_filter(app, client, sign_in, researcher):
    add_records(30)
    sign_in(researcher)
    html = client.get("/research?dim=site").get_data(as_text=True)
    assert 'name="site"' not in html
    assert '<option value="site" selected>' in html


def test_the_coordinator_sees_the_site_of_each_release(two_sites, client, sign_in, admin, api):
    add_records(30, site="QC")
    assert api("dims=outcome&site=QC").status_code == 200
    sign_in(admin)
    html = client.get("/research/budgets").get_data(as_text=True)
    assert "<td>Ville de Québec</td>" in html


def test_a_cases_record_carries_its_sites_code_and_follows_a_move(app):
    case = referral(make_user("liaison"))
    db.session.commit()
    assert db.session.get(ResearchRecord, case.research_record.id).site == FIRST_SITE
    case.site = make_site("QC")
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ResearchRecord, case.research_record.id).site == "QC"


def test_totals_of_a_site_table_are_protected_like_the_others(two_sites):
    add_records(4, site=FIRST_SITE)
    add_records(4, site="QC")
    table = profile_table(["site"], Filters(), k=5).table
    assert table.cell(FIRST_SITE) is None and table.cell("QC") is None
    assert table.cell(TOTAL) is not None  # 8 people: the total alone is shown


@pytest.mark.parametrize(
    "filters",
    [Filters(), Filters(site="QC"), Filters(2024, 2024, "en"), Filters(referral_source="court")],
)
@pytest.mark.parametrize("names", [["site"], ["site", "outcome"], ["age_band", "year"]])
def test_one_folded_query_gives_the_same_table_and_atoms_as_two(two_sites, names, filters):
    add_records(9, site=FIRST_SITE, year=2024, language="en", age_band=None)
    add_records(6, site="QC", year=2023, referral_source="court", outcome="failed")
    add_records(4, site="QC", year=2024, language="en", age_band="18-24")
    assert can_fold(names)
    rows, atom_counts = folded_counts(names, filters)
    expected = grouped_counts(names, filters)
    assert sorted(map(tuple, rows), key=str) == sorted(map(tuple, expected), key=str)
    assert atom_counts == atoms().counts


def test_a_table_of_many_categories_outside_the_atoms_is_not_folded():
    assert not can_fold(["region"]) and not can_fold(["age_band", "outcome"])
    assert not can_fold(["marital_status"])  # a profile item needs its join
