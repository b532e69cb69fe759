"""The password policy and hashing."""

import pytest

from johnschool.auth.passwords import hash_password, password_problems, verify_password


def test_passwords_are_hashed_with_argon2id(app):
    hashed = hash_password("a long sentence to hash")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a long sentence to hash")
    assert not verify_password(hashed, "a long sentence to hasH")


def test_account_without_a_password_never_matches(app):
    assert not verify_password(None, "")
    assert not verify_password(None, "anything at all here")


@pytest.mark.parametrize("password", ["short one", "elevenchars"])
def test_passwords_under_twelve_characters_are_refused(app, password):
    assert password_problems(password)


@pytest.mark.parametrize("password", ["123456789012", "qwertyuiopasdfgh", "PASSWORD1234"])
def test_common_passwords_are_refused_whatever_the_case(app, password):
    assert password_problems(password)


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaaaaaa", "abababababababab", "my johnschool password"]
)
def test_trivial_passwords_are_refused(app, password):
    assert password_problems(password)


def test_email_as_password_is_refused(app):
    assert password_problems("someone@example.org", email="Someone@example.org")


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "lowercaseonlyislong", "Être à l'heure au palais"]
)
def test_long_uncommon_passwords_are_accepted_without_composition_rules(app, password):
    assert password_problems(password) == []


@pytest.mark.parametrize("password", ["iloveyou2026!", "sunshine12345", "2026dragon2026"])
def test_common_password_with_digits_around_it_is_refused(app, password):
    assert password_problems(password)


@pytest.mark.parametrize("password", ["azertyuiopqsdf", "0987654321098", "abcdefghijklmno"])
def test_keyboard_and_alphabet_runs_are_refused(app, password):
    assert password_problems(password)
