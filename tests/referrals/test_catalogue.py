"""The shipped offence catalogue: its data, its loader and the spelling of codes."""

import csv
from importlib import resources

import pytest

from johnschool.referrals.catalogue import (
    load_shipped_offences,
    normalize_code,
    parse_offences,
    validate_row,
)
from johnschool.referrals.screening_types import Category

VIOLENT, SEXUAL, EXPLOITATION = Category.VIOLENT, Category.SEXUAL, Category.EXPLOITATION

HEADER = "code,title_fr,title_en,categories\n"

REQUIRED_CODES = [
    # violent
    "265", "266", "267", "268", "269", "270", "270.01", "270.02", "279(1)", "279(2)", "279.1",
    "264", "264.1", "343", "344", "346", "229", "231", "235", "236", "239", "244", "244.1",
    "244.2", "85", "86", "87", "88", "245", "246", "423", "220", "221",
    # sexual
    "151", "152", "153", "155", "160", "162", "162.1", "163.1", "170", "171", "171.1", "172.1",
    "172.2", "173", "173(2)", "174", "271", "272", "273", "273.3",
    # exploitation
    "286.1(1)", "286.1(2)", "286.2(1)", "286.2(2)", "286.3(1)", "286.3(2)", "286.4",
    "279.01", "279.011", "279.02", "279.03", "212", "213",
    # no category
    "334", "354", "355", "380", "403", "430", "348", "320.13", "320.14", "320.14(1)", "320.15",
    "253", "255", "259", "320.18", "145", "733.1", "811", "129", "139", "175", "177",
    "CDSA 4(1)", "CDSA 5(1)", "CDSA 5(2)", "91", "92", "95",
]  # fmt: skip


def shipped_rows():
    """Read the shipped CSV as raw rows, without the loader."""
    path = resources.files("johnschool.referrals") / "data" / "offences.csv"
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def categories_of(code):
    """Return the categories the shipped catalogue gives a code."""
    return load_shipped_offences()[code].categories


def test_shipped_catalogue_loads():
    assert len(load_shipped_offences()) >= 100


def test_shipped_catalogue_lists_no_code_twice():
    codes = [row["code"] for row in shipped_rows()]
    assert len(codes) == len(set(codes))


def test_every_shipped_code_is_already_normalized():
    assert [code for code in load_shipped_offences() if normalize_code(code) != code] == []


@pytest.mark.parametrize("code", REQUIRED_CODES)
def test_required_code_is_in_catalogue(code):
    assert code in load_shipped_offences()


def test_286_1_alone_is_not_listed_because_it_is_ambiguous():
    assert "286.1" not in load_shipped_offences()


def test_assault_is_violent_not_sexual():
    assert categories_of("266") == {VIOLENT}


def test_sexual_assault_is_sexual_and_violent():
    assert categories_of("271") == {SEXUAL, VIOLENT}


def test_buying_from_an_adult_is_exploitation_only():
    assert categories_of("286.1(1)") == {EXPLOITATION}


def test_buying_from_a_minor_is_exploitation_and_sexual():
    assert categories_of("286.1(2)") == {EXPLOITATION, SEXUAL}


def test_trafficking_in_persons_is_exploitation_and_violent():
    assert categories_of("279.01") == {EXPLOITATION, VIOLENT}


def test_old_communicating_offence_counts_as_a_prior_purchase():
    assert EXPLOITATION in categories_of("213")


@pytest.mark.parametrize("code", ["334", "380", "430", "320.14", "CDSA 4(1)", "145", "348"])
def test_common_non_violent_offence_has_no_category(code):
    assert categories_of(code) == frozenset()


def test_every_title_is_filled_in():
    offences = load_shipped_offences().values()
    assert all(offence.title_fr and offence.title_en for offence in offences)


@pytest.mark.parametrize("code", ["266", "271", "286.1(1)", "279.01", "334", "CDSA 4(1)"])
def test_french_title_is_not_the_english_one(code):
    offence = load_shipped_offences()[code]
    assert offence.title_fr != offence.title_en


def test_buying_sexual_services_has_the_criminal_code_titles():
    offence = load_shipped_offences()["286.1(1)"]
    assert offence.title_fr == "Obtention de services sexuels moyennant rétribution"
    assert offence.title_en == "Obtaining sexual services for consideration"


def test_callers_cannot_change_the_cached_catalogue():
    load_shipped_offences().pop("266")
    assert "266" in load_shipped_offences()


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("266", "266"),
        ("  266  ", "266"),
        ("286.1 (1)", "286.1(1)"),
        ("286.1\u00a0(1)", "286.1(1)"),
        ("s. 266", "266"),
        ("S.266", "266"),
        ("art. 266", "266"),
        ("Art 286.1(1)", "286.1(1)"),
        ("section 264.1", "264.1"),
        ("article 271", "271"),
        ("266 C.cr.", "266"),
        ("320.14(1) Cr.C.", "320.14(1)"),
        ("213(1)(C)", "213(1)(c)"),
        ("213 (1) c)", "213(1)(c)"),
        ("334 a)", "334(a)"),
        ("253(1)a)ii)", "253(1)(a)(ii)"),
        ("cdsa 4(1)", "CDSA 4(1)"),
        ("CDSA4(1)", "CDSA 4(1)"),
        ("CDSA s. 5(2)", "CDSA 5(2)"),
        ("4(1) LRCDAS", "CDSA 4(1)"),
        ("", ""),
    ],
)
def test_normalize_code(typed, normalized):
    assert normalize_code(typed) == normalized


def test_valid_row_has_no_problems():
    row = {"code": "266", "title_fr": "Voies de fait", "title_en": "Assault", "categories": ""}
    assert validate_row(row) == []


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (",Voies de fait,Assault,violent", "code is empty"),
        ("s. 266,Voies de fait,Assault,violent", "not normalized"),
        ("266,,Assault,violent", "title_fr is empty"),
        ("266,Voies de fait, ,violent", "title_en is empty"),
        ("266,Voies de fait,Assault,violent;rude", "unknown categories ['rude']"),
        ("266,Voies de fait,Assault,violent,extra", "too many columns"),
    ],
)
def test_bad_row_is_refused_with_its_line(line, problem):
    text = HEADER + "271,Agression sexuelle,Sexual assault,sexual;violent\n" + line + "\n"
    with pytest.raises(ValueError, match=r"line 3: .*") as refused:
        parse_offences(text)
    assert problem in str(refused.value)


def test_code_listed_twice_is_refused():
    text = HEADER + "266,Voies de fait,Assault,violent\n266,Voies de fait,Assault,\n"
    with pytest.raises(ValueError, match="line 3: code '266' is listed twice"):
        parse_offences(text)


def test_wrong_header_is_refused():
    with pytest.raises(ValueError, match="line 1: the header must be"):
        parse_offences("code,title,categories\n266,Assault,violent\n")


def test_parsed_row_keeps_titles_and_categories():
    text = (
        HEADER
        + '272,"Agression sexuelle armée, menaces",Sexual assault with a weapon,sexual;violent\n'
    )
    offence = parse_offences(text)["272"]
    assert offence.title_fr == "Agression sexuelle armée, menaces"
    assert offence.categories == {SEXUAL, VIOLENT}
