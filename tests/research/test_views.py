"""The statistics page, its CSV and the API give the same numbers, and log every use."""

import csv
import io
import re

from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.extensions import db
from johnschool.questionnaires.shipped import load_shipped_questionnaires
from johnschool.referrals.settings import program_settings

from ..factories import make_token, make_user
from ..query_counts import count_queries
from .builders import add_records

TWO_WAY = "dim=age_band&by=marital_status&period=2025"


def population():
    """A store with small and large cells across age band and marital status."""
    add_records(23, answers={"marital_status": "single"}, age_band="18-24")
    add_records(3, answers={"marital_status": "married"}, age_band="18-24")
    add_records(31, answers={"marital_status": "married"}, age_band="35-44")
    add_records(12, answers={"marital_status": "single"}, age_band="35-44")
    add_records(17, answers={"marital_status": "married"}, age_band="45-54")


def page_cells(html):
    """The table's cells as shown: numbers, or None for a hidden count."""
    body = html.split('class="compact statistics"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="number">(.*?)</td>', body, re.S)
    return [
        None if "suppressed" in cell else int(cell) for cell in cells if "%" not in cell and cell
    ]


def test_page_api_and_csv_show_the_same_numbers(app, client, sign_in):
    population()
    researcher = make_user("researcher")
    sign_in(researcher)
    page = client.get(f"/research?{TWO_WAY}")
    assert page.status_code == 200
    shown = page_cells(page.get_data(as_text=True))

    export = client.get(f"/research/export.csv?{TWO_WAY}")
    assert export.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    exported = [None if row["count"] == "suppressed" else int(row["count"]) for row in rows]
    assert exported == shown

    token = make_token(researcher)
    api = client.get(
        "/api/v1/stats/profile?dims=age_band,marital_status&from=2025&to=2025",
        headers={"Authorization": f"Bearer {token}"},
    ).get_json()
    inner = [row for row in rows if "Total" not in (row["age_band"], row["marital_status"])]
    assert [cell["count"] for cell in api["cells"]] == [
        None if row["count"] == "suppressed" else int(row["count"]) for row in inner
    ]
    assert api["k"] == 5 and api["suppressed"] == sum(
        cell["count"] is None for cell in api["cells"]
    )
    assert api["cells"][0].keys() == {"age_band", "marital_status", "count"}


def test_the_chart_draws_exactly_the_table_numbers(app, client, sign_in):
    population()
    sign_in(make_user("researcher"))
    html = client.get("/research?dim=age_band").get_data(as_text=True)
    drawn = re.findall(r'class="chart-value">(.*?)</text>', html)
    shown = page_cells(html)[:-1]  # the counts, total row left out
    assert [None if "&lt;" in value else int(value) for value in drawn] == shown


def test_csv_cells_that_look_like_formulas_are_defused(app, client, sign_in):
    add_records(8, answers={"purchase_venue": "=HYPERLINK(1)"})
    add_records(9, answers={"purchase_venue": "-2+3"})
    add_records(9, answers={"purchase_venue": "@SUM"})
    sign_in(make_user("researcher"))
    response = client.get("/research/export.csv?dim=purchase_venue")
    text = response.get_data(as_text=True)
    assert "'=HYPERLINK(1)" in text and "'-2+3" in text and "'@SUM" in text
    assert response.headers["Content-Disposition"] == 'attachment; filename="statistics.csv"'


def test_every_query_and_export_is_in_the_audit_log_without_anyone_in_it(app, client, sign_in):
    population()
    sign_in(make_user("researcher"))
    client.get("/research?dim=region&language=fr")
    client.get("/research/export.csv?dim=outcome&period=2020-2024")
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "statistics").order_by(AuditEntry.id)
    ).all()
    assert [entry.action for entry in entries] == ["research.query", "research.export"]
    assert '"language":"fr"' in entries[0].data and '"year_from":2020' in entries[1].data


def test_a_bad_year_or_dimension_is_refused_with_a_message(app, client, sign_in):
    sign_in(make_user("researcher"))
    page = client.get("/research?from=abc&dim=shoe_size")
    assert page.status_code == 422
    token = make_token(make_user("researcher"))
    api = client.get(
        "/api/v1/stats/profile?dims=shoe_size&from=19", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 422
    assert set(api.get_json()["fields"]) == {"dims", "from"}


def test_a_filter_leaving_fewer_than_k_people_shows_nothing(app, client, sign_in):
    add_records(4, year=2021)
    add_records(30, year=2025)
    sign_in(make_user("researcher"))
    html = client.get("/research?dim=outcome&from=2021&to=2021").get_data(as_text=True)
    assert 'class="compact statistics"' not in html and "moins de 5 personnes" in html


def test_the_page_runs_as_many_queries_however_large_the_store(app, client, sign_in):
    sign_in(make_user("researcher"))
    program_settings()  # the settings row exists, as in any running program
    add_records(20, answers={"marital_status": "single"})
    few = count_queries(client, f"/research?{TWO_WAY}")
    add_records(300, answers={"marital_status": "married"}, age_band="55-64")
    add_records(200, answers={"marital_status": "divorced"}, year=2024)
    assert count_queries(client, f"/research?{TWO_WAY}") == few


def test_the_coordinator_changes_k_on_the_settings_page(app, client, sign_in, admin):
    sign_in(admin)
    row = program_settings()
    form = {
        "deadline_days": row.deadline_days,
        "default_fee": "300.00",
        "accepted_charges": "286.1(1)",
        "late_tolerance_minutes": 15,
        "retention_years": 5,
        "research_k": 11,
    }
    assert client.post("/admin/settings", data=form).status_code == 302
    assert program_settings().research_k == 11
    refused = client.post("/admin/settings", data={**form, "research_k": 1})
    assert refused.status_code == 422 and program_settings().research_k == 11


def test_questionnaire_dimensions_and_attitude_items_show_their_text_not_their_code(
    app, client, sign_in
):
    load_shipped_questionnaires()
    add_records(12, answers={"age_first_purchase": "under_18"}, attitudes={"att_consent_1": (2, 4)})
    sign_in(make_user("researcher"))
    html = client.get("/research?dim=age_first_purchase").get_data(as_text=True)
    assert "Quel âge aviez-vous la première fois" in html
    assert "le consentement de la personne payée" in html
    assert ">age_first_purchase<" not in html and "att_consent_1<" not in html
    assert "Moins de 18 ans" in html
