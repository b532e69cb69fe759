"""The OpenAPI document describes every method of every API route, with its errors."""

import re

PARITY_PATHS = {
    "/api/v1/referrals/{case_id}/override": {"post"},
    "/api/v1/referrals/{case_id}/return": {"post"},
    "/api/v1/enrollments/{enrollment_id}/withdraw": {"post"},
    "/api/v1/enrollments/{enrollment_id}/make-ups": {"get", "post"},
    "/api/v1/make-ups/{booking_id}/cancel": {"post"},
    "/api/v1/referrals/{case_id}/follow-ups": {"get", "post"},
    "/api/v1/referrals/{case_id}/follow-ups/requirements/{discipline}": {"put"},
    "/api/v1/referrals/{case_id}/follow-ups/{session_id}/attendance": {"put"},
    "/api/v1/cohorts/{cohort_id}/rotation": {"get", "post"},
    "/api/v1/cohorts/{cohort_id}/rotation/propose": {"post"},
    "/api/v1/referrals/{case_id}/letters/screening.pdf": {"get"},
    "/api/v1/referrals/{case_id}/letters/outcome.pdf": {"get"},
    "/api/v1/referrals/{case_id}/questionnaires": {"get"},
    "/api/v1/referrals/{case_id}/questionnaires/{code}/responses": {"post"},
    "/api/v1/follow-up-checks/due": {"get"},
    "/api/v1/referrals/{case_id}/follow-up-checks": {"get", "post"},
}


def test_every_method_of_every_api_route_is_documented(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            methods = {m.lower() for m in rule.methods} - {"head", "options"}
            assert methods <= set(paths[path]), (path, methods)


def test_the_parity_endpoints_document_their_parameters_and_errors(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, methods in PARITY_PATHS.items():
        assert set(paths[path]) == methods, path
        for method in methods:
            operation = paths[path][method]
            named = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert named == set(re.findall(r"{(\w+)}", path)), (path, method)
            expected = {"401", "403", "404"} if named else {"401", "403"}
            assert expected <= set(operation["responses"]), (path, method)
            if method in ("post", "put") and "requestBody" in operation:
                assert "422" in operation["responses"], (path, method)


def test_letters_are_documented_as_pdf(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for name in ("screening", "outcome"):
        ok = paths[f"/api/v1/referrals/{{case_id}}/letters/{name}.pdf"]["get"]["responses"]["200"]
        assert list(ok["content"]) == ["application/pdf"]


def test_recording_a_referral_documents_its_body_and_the_optional_site(client):
    post = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/referrals"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["properties"]) == {"client", "referral", "prior_convictions", "site"}
    assert "site" not in schema["required"]
    assert schema["properties"]["site"]["type"] == "string"
    assert "province-wide admin" in schema["properties"]["site"]["description"]
    assert "422" in post["responses"]


def test_the_referral_body_documents_every_field_the_api_reads(client):
    schema = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/referrals"]["post"]
    body = schema["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert set(body["client"]["properties"]) == {
        "family_name",
        "given_name",
        "birth_date",
        "language",
        "email",
        "phone",
        "postal_code",
    }
    assert set(body["referral"]["properties"]) == {
        "source",
        "offence_code",
        "offence_date",
        "court_file",
        "involves_minor",
        "received_on",
    }
    assert set(body["prior_convictions"]["items"]["properties"]) == {
        "offence_code",
        "conviction_date",
        "jurisdiction",
        "note",
    }


def test_a_case_documents_whether_it_duplicates_a_case_of_another_site(client):
    get = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/referrals/{case_id}"]
    schema = get["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"duplicate_of", "duplicate_of_another_site"} <= set(schema["properties"])
