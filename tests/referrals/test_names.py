"""Name normalization and the person key used to find earlier participation."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from johnschool.referrals.names import normalize_name, person_key

BORN = date(1980, 4, 2)


@pytest.mark.parametrize(
    ("spellings", "normalized"),
    [
        pytest.param(
            ["Jean-François  Tremblay", "jean francois tremblay", " JEAN FRANÇOIS-TREMBLAY "],
            "jean francois tremblay",
            id="hyphens spaces case and accents do not matter",
        ),
        pytest.param(
            ["Ó Súilleabháin", "O'Suilleabhain", "o suilleabhain", "O’Súilleabháin"],
            "o suilleabhain",
            id="an apostrophe is a space and fadas are accents",
        ),
        pytest.param(["Łukasz", "LUKASZ"], "lukasz", id="a barred l is an l"),
        pytest.param(["Nguyễn", "Nguyen"], "nguyen", id="stacked accents are removed"),
        pytest.param(["Ștefan", "Stefan"], "stefan", id="a comma below is removed"),
        pytest.param(["Straße", "STRASSE", "Strasse"], "strasse", id="sharp s is ss"),
        pytest.param(["Lætitia", "Laetitia"], "laetitia", id="ae ligature is ae"),
        pytest.param(["Œuvré", "OEUVRE"], "oeuvre", id="oe ligature is oe"),
        pytest.param(["Søren", "Soren"], "soren", id="slashed o is o"),
        pytest.param(["Đorđević", "Dordevic"], "dordevic", id="d stroke is d"),
        pytest.param(["St-Pierre", "St. Pierre", "st_pierre"], "st pierre", id="any punctuation"),
        pytest.param(["D'Amours", "d amours"], "d amours", id="an apostrophe still separates"),
        pytest.param(["  ", "-'-", ""], "", id="punctuation alone is nothing"),
    ],
)
def test_spellings_of_a_name_normalize_equal(spellings, normalized):
    assert {normalize_name(spelling) for spelling in spellings} == {normalized}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("Jean", "Jeanne", id="jean is not jeanne"),
        pytest.param("Marie Anne", "Anne Marie", id="word order matters"),
        pytest.param("Gagnon-Tremblay", "Tremblay-Gagnon", id="compound order matters"),
        pytest.param("D'Amours", "Damours", id="a separator is not nothing"),
        pytest.param("Lée", "Lee-Ann", id="an extra given name matters"),
    ],
)
def test_different_names_do_not_normalize_equal(first, second):
    assert normalize_name(first) != normalize_name(second)


def test_person_key_matches_spellings_of_the_same_person():
    assert person_key("Tremblay", "Jean-François", BORN) == person_key(
        " TREMBLAY ", "jean francois", date(1980, 4, 2)
    )
    assert person_key("Tremblay", "Jean-François", BORN) == "tremblay|jean francois|1980-04-02"


def test_person_key_tells_apart_a_different_given_name():
    assert person_key("Tremblay", "Jean", BORN) != person_key("Tremblay", "Jeanne", BORN)


def test_person_key_tells_apart_a_different_birth_date():
    assert person_key("Tremblay", "Jean", BORN) != person_key("Tremblay", "Jean", date(1980, 4, 3))


def test_person_key_keeps_family_and_given_names_apart():
    assert person_key("Jean", "Tremblay", BORN) != person_key("Tremblay", "Jean", BORN)
    assert person_key("Tremblay Jean", "Paul", BORN) != person_key("Tremblay", "Jean Paul", BORN)


def test_no_birth_date_means_no_key():
    assert person_key("Tremblay", "Jean", None) is None


def test_a_name_of_punctuation_only_means_no_key():
    assert person_key("--", "Jean", BORN) is None
    assert person_key("Tremblay", " ", BORN) is None


PROPERTY = settings(max_examples=200, database=None, deadline=None)
SEPARATORS = st.text(alphabet=" -'’._,", min_size=1, max_size=3)
LATIN_WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèêëàâçîïôûùüÿæœ", min_size=1, max_size=8),
    min_size=1,
    max_size=4,
)


@PROPERTY
@given(st.text())
def test_normalizing_twice_changes_nothing(text):
    once = normalize_name(text)
    assert normalize_name(once) == once
    assert once == once.strip() and "  " not in once


@PROPERTY
@given(LATIN_WORDS, st.data())
def test_case_and_separators_never_matter(words, data):
    glue = [data.draw(SEPARATORS, label="separator") for _ in words[1:]]
    joined = words[0] + "".join(sep + word for sep, word in zip(glue, words[1:], strict=True))
    padded = f" {joined.upper()}- "
    assert normalize_name(padded) == normalize_name(" ".join(words))
