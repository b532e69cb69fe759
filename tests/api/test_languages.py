"""The API answers in the request's language: the account's, else Accept-Language, else French."""

from ..enrollment.builders import make_cohort
from ..factories import make_token, make_user


def bad_referral():
    """A referral body with a bad birth date, postal code and source."""
    return {
        "client": {
            "family_name": "Côté",
            "given_name": "Luc",
            "birth_date": "15/06/1979",
            "postal_code": "12345",
        },
        "referral": {
            "source": "mail",
            "offence_code": "286.1(1)",
            "offence_date": "2026-10-01",
            "court_file": "505-01-1",
        },
    }


def post_referral(client, language, **headers):
    """Post the bad referral as a liaison reading language."""
    token = make_token(make_user("liaison", language=language))
    return client.post(
        "/api/v1/referrals",
        json=bad_referral(),
        headers={"Authorization": f"Bearer {token}", **headers},
    )


def test_field_errors_come_in_the_french_users_language(app, client):
    response = post_referral(client, "fr", **{"Accept-Language": "en"})
    body = response.get_json()
    assert response.status_code == 422
    assert body["message"] == "Certains champs sont invalides."
    assert body["fields"]["client.birth_date"] == "Une date au format AAAA-MM-JJ est attendue."
    assert body["fields"]["client.postal_code"].startswith("Un code postal canadien")
    assert "police" in body["fields"]["referral.source"]


def test_field_errors_come_in_the_english_users_language(app, client):
    body = post_referral(client, "en", **{"Accept-Language": "fr"}).get_json()
    assert body["message"] == "Some fields are invalid."
    assert body["fields"]["client.birth_date"] == "Expected a date as YYYY-MM-DD."


def test_an_anonymous_call_honours_accept_language_else_speaks_french(app, client):
    english = client.get("/api/v1/referrals", headers={"Accept-Language": "en-CA,fr;q=0.5"})
    assert english.status_code == 401
    assert english.get_json()["message"] == "Authentication required."
    french = client.get("/api/v1/referrals", headers={"Accept-Language": "de"})
    assert french.get_json()["message"] == "Authentification requise."
    assert client.get("/api/v1/referrals").get_json()["message"] == "Authentification requise."


def test_an_unknown_verification_code_is_answered_in_the_asked_language(app, client):
    response = client.get("/api/v1/verify/NOPE-NOPE", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.get_json()["message"] == "Not found, or not available to you."
    french = client.get("/api/v1/verify/NOPE-NOPE", headers={"Accept-Language": "fr-CA"})
    assert french.get_json()["message"] == "Introuvable, ou non accessible pour vous."


def test_pages_stay_french_first_whatever_the_browser_says(client):
    body = client.get("/login", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert '<html lang="fr">' in body


def test_the_workflow_endpoints_answer_in_the_users_language(app, client):
    for language, message in (("fr", "Certains changements"), ("en", "Some changes")):
        admin = make_user("admin", language=language)
        token = make_token(admin)
        cohort = make_cohort()
        response = client.post(
            f"/api/v1/cohorts/{cohort.id}/rotation",
            json={"changes": [{"session_id": 999999}]},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 422
        assert response.get_json()["message"].startswith(message)
