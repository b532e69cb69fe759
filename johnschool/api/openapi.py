"""The OpenAPI document of the JSON API; each domain adds its paths here."""

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


def _errors(*codes):
    """Reference the error body for each status code."""
    return {
        str(code): {
            "description": "error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


def _ok(schema):
    """A 200 JSON response with schema."""
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


PATHS = {
    "/api/v1/me": {
        "get": {
            "summary": "The account the token belongs to",
            "responses": {**_ok({"$ref": "#/components/schemas/User"}), **_errors(401)},
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
                **_ok(
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
                **_errors(401, 403),
            },
        }
    },
}


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
