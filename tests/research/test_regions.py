"""Regions come from the postal code's first three characters only."""

import csv

import pytest

from johnschool.research.regions import DATA, QUEBEC_REGIONS, region_name, region_of


@pytest.mark.parametrize(
    ("postal_code", "region"),
    [
        ("J4K 1A1", "QC-16"),  # Longueuil: Montérégie
        ("h2x1y4", "QC-06"),  # Montréal, written without space in lower case
        ("H7N 5H9", "QC-13"),  # Laval
        ("G1R 4P5", "QC-03"),  # Québec
        ("J8Y 3R7", "QC-07"),  # Gatineau
        ("J9X 5B6", "QC-08"),  # Rouyn-Noranda
        ("G7H 1A1", "QC-02"),  # Chicoutimi
        ("G9A 5H7", "QC-04"),  # Trois-Rivières
        ("J1H 5N4", "QC-05"),  # Sherbrooke
        ("J2C 1A1", "QC-17"),  # Drummondville
        ("J7Y 1A1", "QC-15"),  # Saint-Jérôme
        ("J6E 1A1", "QC-14"),  # Joliette
        ("G5L 1A1", "QC-01"),  # Rimouski
        ("G4Z 1A1", "QC-09"),  # Baie-Comeau
        ("G4X 1A1", "QC-11"),  # Gaspé
        ("G6V 1A1", "QC-12"),  # Lévis
        ("J0M 1A1", "QC-10"),  # Nunavik
        ("K1A 0B1", "ON"),
        ("V6B 1A1", "BC"),
        ("X0A 0H0", "NT-NU"),
    ],
)
def test_a_postal_code_gives_its_region(postal_code, region):
    assert region_of(postal_code) == region


def test_unknown_or_missing_codes_give_quebec_or_nothing():
    assert region_of("H6Z 9Z9") == "QC"  # no such FSA: Quebec, no region
    assert region_of("G0D 1A1") == "QC"  # D is never a third letter: no row
    assert region_of("") is None and region_of(None) is None
    assert region_of("D1A 1A1") is None


def test_the_data_file_covers_every_region_and_only_quebec():
    with DATA.open(encoding="utf-8") as data:
        rows = list(csv.DictReader(data))
    assert {row["region"] for row in rows} == set(QUEBEC_REGIONS)
    assert {row["fsa"][0] for row in rows} == {"G", "H", "J"}
    assert all(len(row["fsa"]) == 3 for row in rows)


def test_a_region_is_named_by_its_administrative_name():
    assert region_name("QC-16") == "Montérégie"
    assert region_name("ON") == "ON"
