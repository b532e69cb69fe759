"""The catalogue in force and the program settings, as the coordinator changes them."""

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from johnschool.audit.models import AuditEntry
from johnschool.audit.services import verify_chain
from johnschool.extensions import db
from johnschool.pagination import paginate_list
from johnschool.referrals.catalogue import load_shipped_offences
from johnschool.referrals.models import OffenceEdit, ProgramSettings
from johnschool.referrals.screening_types import Category
from johnschool.referrals.services import create_referral, screen_case, screening_settings
from johnschool.referrals.settings import (
    catalogue_entries,
    current_catalogue,
    program_settings,
    remove_offence,
    save_offence,
    update_settings,
)

from ..factories import make_user

TODAY = date(2026, 11, 1)


@pytest.fixture
def app_config():
    """Messages in English, as the assertions below are written."""
    return {"BABEL_DEFAULT_LOCALE": "en"}


@pytest.fixture
def liaison(app):
    """A court liaison."""
    return make_user("liaison")


def refer(liaison, priors=(), offence_code="286.1(1)", family_name="Tremblay"):
    """Enter a referral through the service, with priors given by section, and commit."""
    case = create_referral(
        {
            "family_name": family_name,
            "given_name": "Jean",
            "birth_date": date(1980, 4, 2),
            "language": "fr",
        },
        {
            "source": "police",
            "offence_code": offence_code,
            "offence_date": date(2026, 10, 1),
            "court_file": "505-01-123456-261",
            "involves_minor": False,
            "received_on": TODAY,
        },
        [{"offence_code": code, "conviction_date": date(2015, 3, 1)} for code in priors],
        by=liaison,
    )
    db.session.commit()
    return case


def version():
    """The settings version now."""
    return program_settings().version


def audit_actions():
    """The audit log's actions, oldest first."""
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_settings_row_is_created_with_the_defaults_on_first_use(app):
    row = program_settings()
    assert (row.id, row.version, row.deadline_days) == (1, 1, 120)
    assert row.default_fee == Decimal("300.00")
    assert row.accepted_charges == "286.1(1)"
    assert program_settings() is row
    assert db.session.scalars(select(ProgramSettings)).all() == [row]


def test_catalogue_in_force_is_the_shipped_one_without_edits(app):
    assert current_catalogue() == load_shipped_offences()
    assert screening_settings().accepted_charges == frozenset({"286.1(1)"})
    assert screening_settings().version == 1


def test_added_violent_section_makes_a_prior_of_it_ineligible(liaison, admin):
    assert refer(liaison, priors=["999.9"]).state == "needs_review"

    save_offence(" s. 999.9 ", "Infraction inventée", "Made-up offence", ["violent"], by=admin)
    db.session.commit()

    offence = current_catalogue()["999.9"]
    assert offence.categories == frozenset({Category.VIOLENT})
    assert offence.title_en == "Made-up offence"
    case = refer(liaison, priors=["999.9"], family_name="Gagnon")
    assert case.state == "ineligible"
    assert case.latest_decision.settings_version == 2
    rules = {rule["rule"]: rule["result"] for rule in json.loads(case.latest_decision.rules)}
    assert "fail" in rules.values()


def test_edit_replaces_the_shipped_row(liaison, admin):
    assert refer(liaison, priors=["90"]).state == "eligible"  # no category: passes

    save_offence("90", "Port d'arme dissimulée", "Carrying concealed weapon", ["violent"], by=admin)
    db.session.commit()

    assert current_catalogue()["90"].categories == frozenset({Category.VIOLENT})
    assert refer(liaison, priors=["90"], family_name="Gagnon").state == "ineligible"
    assert [entry.origin for entry in catalogue_entries("90") if entry.offence.code == "90"] == [
        "edited"
    ]


def test_saving_the_shipped_values_again_drops_the_edit(admin):
    shipped = load_shipped_offences()["90"]
    save_offence("90", shipped.title_fr, "Changed", [], by=admin)
    save_offence("90", shipped.title_fr, shipped.title_en, [], by=admin)
    db.session.commit()
    assert db.session.scalars(select(OffenceEdit)).all() == []
    assert current_catalogue()["90"] == shipped
    assert version() == 3


def test_removing_a_shipped_section_sends_a_prior_of_it_to_review(liaison, admin):
    assert refer(liaison, priors=["90"]).state == "eligible"

    remove_offence("90", by=admin)
    db.session.commit()

    assert "90" not in current_catalogue()
    case = refer(liaison, priors=["90"], family_name="Gagnon")
    assert case.state == "needs_review"
    assert case.latest_decision.settings_version == 2


def test_a_removed_shipped_section_can_be_restored(admin):
    remove_offence("90", by=admin)
    shipped = load_shipped_offences()["90"]
    save_offence("90", shipped.title_fr, shipped.title_en, [], by=admin)
    db.session.commit()
    assert current_catalogue()["90"] == shipped
    assert version() == 3


def test_removing_an_added_section_deletes_its_edit(admin):
    save_offence("999.9", "Inventée", "Made-up", [], by=admin)
    remove_offence("999.9", by=admin)
    db.session.commit()
    assert "999.9" not in current_catalogue()
    assert db.session.scalars(select(OffenceEdit)).all() == []


def test_every_change_bumps_the_version_and_the_next_decision_records_it(liaison, admin):
    case = refer(liaison)
    assert case.latest_decision.settings_version == 1

    save_offence("999.9", "Inventée", "Made-up", ["sexual"], by=admin)
    assert version() == 2
    remove_offence("999.9", by=admin)
    assert version() == 3
    update_settings(150, "250.00", "286.1(1)", by=admin)
    assert version() == 4
    db.session.commit()

    screen_case(case, by=liaison)
    db.session.commit()
    assert case.latest_decision.settings_version == 4
    assert audit_actions()[-4:] == [
        "catalogue.offence_saved",
        "catalogue.offence_removed",
        "settings.updated",
        "case.screened",
    ]
    assert verify_chain().is_intact


def test_a_change_that_changes_nothing_keeps_the_version(admin):
    shipped = load_shipped_offences()["266"]
    save_offence("266", shipped.title_fr, shipped.title_en, ["violent"], by=admin)
    update_settings(120, "300", "286.1(1)", by=admin)
    assert version() == 1
    assert "settings.updated" not in audit_actions()


def test_audit_entries_name_the_code_and_the_changed_fields(admin):
    save_offence("999.9", "Inventée", "Made-up", ["violent", "sexual"], by=admin)
    update_settings(200, "300.00", "286.1(1)", by=admin)
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    saved, updated = entries[-2], entries[-1]
    assert json.loads(saved.data)["code"] == "999.9"
    assert saved.actor_id == admin.id
    assert json.loads(updated.data)["changed"] == {"deadline_days": {"from": "120", "to": "200"}}
    assert "Inventée" not in updated.summary + saved.summary


def test_settings_change_the_deadline_of_new_cases_only(liaison, admin):
    before = refer(liaison)
    update_settings(60, "300.00", "286.1(1)", by=admin)
    db.session.commit()
    after = refer(liaison, family_name="Gagnon")
    assert before.deadline == date(2027, 3, 1)
    assert after.deadline == date(2026, 12, 31)


def test_settings_change_the_accepted_charges(liaison, admin):
    assert refer(liaison, offence_code="213(1)(c)").state == "ineligible"

    update_settings(120, "300.00", "286.1(1), 213(1)c)", by=admin)
    db.session.commit()

    assert program_settings().accepted_charges == "286.1(1),213(1)(c)"
    assert screening_settings().accepted_charges == frozenset({"286.1(1)", "213(1)(c)"})
    assert refer(liaison, offence_code="213(1)(c)", family_name="Gagnon").state == "eligible"


def test_settings_keep_the_default_fee(admin):
    update_settings(120, "275.5", "286.1(1)", by=admin)
    assert program_settings().default_fee == Decimal("275.50")


@pytest.mark.parametrize(
    ("code", "title_fr", "title_en", "categories", "message"),
    [
        ("", "Titre", "Title", [], "section"),
        ("  ", "Titre", "Title", [], "section"),
        ("1" * 41, "Titre", "Title", [], "40"),
        ("999.9", "", "Title", [], "French title"),
        ("999.9", "Titre", "   ", [], "English title"),
        ("999.9", "T" * 201, "Title", [], "French title"),
        ("999.9", "Titre", "Title", ["violent", "theft"], "categories"),
    ],
)
def test_invalid_offences_are_refused(admin, code, title_fr, title_en, categories, message):
    with pytest.raises(ValueError, match=message):
        save_offence(code, title_fr, title_en, categories, by=admin)
    assert version() == 1


def test_removing_an_unknown_or_accepted_section_is_refused(admin):
    with pytest.raises(ValueError, match="No offence"):
        remove_offence("999.9", by=admin)
    with pytest.raises(ValueError, match="accepts this charge"):
        remove_offence("286.1(1)", by=admin)
    assert version() == 1


@pytest.mark.parametrize(
    ("days", "fee", "charges", "message"),
    [
        (29, "300", "286.1(1)", "days"),
        (731, "300", "286.1(1)", "days"),
        ("soon", "300", "286.1(1)", "days"),
        (120, "-1", "286.1(1)", "amount"),
        (120, "12.345", "286.1(1)", "amount"),
        (120, "lots", "286.1(1)", "amount"),
        (120, "NaN", "286.1(1)", "amount"),
        (120, "300", " , ", "at least one"),
        (120, "300", "286.1(1), 999.9", "Not in the catalogue: 999.9"),
    ],
)
def test_invalid_settings_are_refused(admin, days, fee, charges, message):
    with pytest.raises(ValueError, match=message):
        update_settings(days, fee, charges, by=admin)
    row = program_settings()
    assert (row.version, row.deadline_days, row.accepted_charges) == (1, 120, "286.1(1)")


def test_catalogue_search_finds_sections_and_titles_in_order(app):
    codes = [entry.offence.code for entry in catalogue_entries()]
    assert (
        codes.index("90") < codes.index("266") < codes.index("286.1(1)") < codes.index("286.1(2)")
    )
    assert {entry.offence.code for entry in catalogue_entries("s. 286.1 (1)")} == {"286.1(1)"}
    assert "266" in {entry.offence.code for entry in catalogue_entries("VOIES DE FAIT")}
    assert "271" in {entry.offence.code for entry in catalogue_entries("sexual assault")}
    assert catalogue_entries("no such offence anywhere") == []


def test_list_pagination_has_the_attributes_of_flask_sqlalchemy(app):
    page = paginate_list(list(range(120)), 2, 50)
    assert (page.page, page.pages, page.total, page.items[0], len(page.items)) == (
        2,
        3,
        120,
        50,
        50,
    )
    assert (page.has_prev, page.has_next, page.prev_num, page.next_num) == (True, True, 1, 3)
    assert list(page.iter_pages()) == [1, 2, 3]
    assert paginate_list([1, 2], 9, 50).items == []
