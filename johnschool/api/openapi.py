"""The OpenAPI document of the JSON API; each domain adds its paths here."""

from .openapi_referrals import CASE_DETAIL, REFERRAL_BODY

ERROR = {
    "type": "object",
    "required": ["error", "message", "fields"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "fields": {"type": "object"},
    },
}

USER = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "email": {"type": "string"},
        "name": {"type": "string"},
        "role": {
            "type": "string",
            "enum": ["admin", "liaison", "staff", "participant", "researcher"],
        },
        "language": {"type": "string", "enum": ["fr", "en"]},
        "is_active": {"type": "boolean"},
    },
}


def error_responses(*codes):
    """Reference the error body for each status code."""
    return {
        str(code): {
            "description": "error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


def ok_response(schema):
    """A 200 JSON response with schema."""
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


PATHS = {
    "/api/v1/me": {
        "get": {
            "summary": "The account the token belongs to",
            "responses": {
                **ok_response({"$ref": "#/components/schemas/User"}),
                **error_responses(401),
            },
        }
    },
    "/api/v1/users": {
        "get": {
            "summary": "Accounts (admin)",
            "parameters": [
                {"name": "role", "in": "query", "schema": {"type": "string"}},
                {"name": "page", "in": "query", "schema": {"type": "integer"}},
            ],
            "responses": {
                **ok_response(
                    {
                        "type": "object",
                        "properties": {
                            "items": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/User"},
                            },
                            "total": {"type": "integer"},
                            "page": {"type": "integer"},
                        },
                    }
                ),
                **error_responses(401, 403),
            },
        }
    },
}


CASE_ID = {"name": "case_id", "in": "path", "required": True, "schema": {"type": "integer"}}
JSON_BODY = {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}
CASE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "state": {"type": "string"},
        "decision": {"type": ["object", "null"]},
    },
}


def _case_action(summary, *, body=True):
    """A POST on one case answering the case."""
    operation = {
        "summary": summary,
        "parameters": [CASE_ID],
        "responses": {**ok_response(CASE), **error_responses(401, 403, 404, 409, 422)},
    }
    if body:
        operation["requestBody"] = JSON_BODY
    return {"post": operation}


PATHS.update(
    {
        "/api/v1/referrals": {
            "post": {
                "summary": "Record a referral (client, referral, prior convictions) and screen it "
                "(liaison, admin); a province-wide admin of several sites names its site",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": REFERRAL_BODY}},
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "content": {"application/json": {"schema": CASE}},
                    },
                    **error_responses(401, 403, 422),
                },
            },
            "get": {
                "summary": "Cases, newest first (liaison, admin)",
                "parameters": [
                    {"name": name, "in": "query", "schema": {"type": "string"}}
                    for name in ("state", "q", "page")
                ],
                "responses": {**ok_response({"type": "object"}), **error_responses(401, 403)},
            },
        },
        "/api/v1/referrals/{case_id}": {
            "get": {
                "summary": "The case with its state and latest decision",
                "parameters": [CASE_ID],
                "responses": {**ok_response(CASE_DETAIL), **error_responses(401, 403, 404)},
            }
        },
        "/api/v1/referrals/{case_id}/screen": _case_action("Screen again", body=False),
        "/api/v1/referrals/{case_id}/consent": _case_action(
            "Record consent: consent, counsel_advised, accepts_responsibility all true"
        ),
        "/api/v1/referrals/{case_id}/admit": _case_action(
            "Record the prosecutor's admission: prosecutor, admitted_on"
        ),
    }
)

MONEY = {"type": "string", "description": "dollars, two decimals at most", "examples": ["250.00"]}
PAYMENT = {
    "type": "object",
    "required": ["amount", "method", "receipt"],
    "properties": {
        "amount": MONEY,
        "method": {"type": "string", "enum": ["cash", "debit", "credit", "cheque", "transfer"]},
        "receipt": {"type": "string", "maxLength": 60},
        "paid_on": {"type": "string", "format": "date", "description": "default: today"},
    },
}
FEE_CHANGE = {
    "oneOf": [
        {
            "type": "object",
            "description": "a reduction on the sliding scale",
            "required": ["amount", "reason"],
            "properties": {"amount": MONEY, "reason": {"type": "string"}},
        },
        {
            "type": "object",
            "description": "a waiver",
            "required": ["waived", "reason"],
            "properties": {"waived": {"const": True}, "reason": {"type": "string"}},
        },
    ]
}
FEE = {
    "type": "object",
    "properties": {
        "amount": MONEY,
        "waived": {"type": "boolean"},
        "reason": {"type": ["string", "null"]},
        "balance": MONEY,
    },
}

PATHS.update(
    {
        "/api/v1/referrals/{case_id}/payments": {
            "post": {
                "summary": "Record a payment with its receipt (liaison, admin); 409 before "
                "admission, when no fee is assessed",
                "parameters": [CASE_ID],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": PAYMENT}},
                },
                "responses": {
                    "201": {
                        "description": "recorded: the new balance",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "payment_id": {"type": "integer"},
                                        "balance": MONEY,
                                    },
                                }
                            }
                        },
                    },
                    **error_responses(401, 403, 404, 409, 422),
                },
            }
        },
        "/api/v1/referrals/{case_id}/fee": {
            "post": {
                "summary": "Reduce the fee (amount, reason) or waive it (waived: true, reason) "
                "(admin); 409 before admission",
                "parameters": [CASE_ID],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": FEE_CHANGE}},
                },
                "responses": {**ok_response(FEE), **error_responses(401, 403, 404, 409, 422)},
            }
        },
    }
)


def openapi_document():
    """Build the OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "johnschool API", "version": "1"},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": ERROR, "User": USER},
        },
        "security": [{"bearer": []}],
        "paths": PATHS,
    }
