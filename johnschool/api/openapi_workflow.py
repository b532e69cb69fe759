"""The OpenAPI paths of the workflow's other turns: override, withdrawal, return, make-ups,
individual follow-ups, the rotation, letters, questionnaires and re-offending checks."""

from .openapi import CASE, CASE_ID, PATHS, error_responses, ok_response


def path_id(name: str) -> dict:
    """An integer path parameter."""
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def json_body(properties: dict, required=()) -> dict:
    """A required JSON request body of an object with properties."""
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def created(schema: dict, description="created") -> dict:
    """A 201 JSON response with schema."""
    return {
        "201": {"description": description, "content": {"application/json": {"schema": schema}}}
    }


def operation(summary, parameters, responses, body=None) -> dict:
    """One operation of a path."""
    described = {"summary": summary, "parameters": parameters, "responses": responses}
    if body is not None:
        described["requestBody"] = body
    return described


TEXT, BOOLEAN, INTEGER = {"type": "string"}, {"type": "boolean"}, {"type": "integer"}
DATE, MOMENT = {"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}
ENROLLMENT_ID, SESSION_ID = path_id("enrollment_id"), path_id("session_id")
COHORT_ID = path_id("cohort_id")
DISCIPLINE = {"enum": ["law", "police", "health", "sexology", "survivor", "community"]}
PDF = {
    "200": {
        "description": "the letter, under a neutral file name",
        "content": {"application/pdf": {}},
    }
}

PATHS.update(
    {
        "/api/v1/referrals/{case_id}/override": {
            "post": operation(
                "Decide a case under review or ineligible, with a written reason (admin); "
                "409 in any other state",
                [CASE_ID],
                {**ok_response(CASE), **error_responses(401, 403, 404, 409, 422)},
                json_body(
                    {"outcome": {"enum": ["eligible", "ineligible"]}, "reason": TEXT},
                    ("outcome", "reason"),
                ),
            )
        },
        "/api/v1/referrals/{case_id}/return": {
            "post": operation(
                "Send an ineligible, failed or withdrawn case back to the prosecutor "
                "(liaison, admin)",
                [CASE_ID],
                {**ok_response(CASE), **error_responses(401, 403, 404, 409)},
            )
        },
        "/api/v1/enrollments/{enrollment_id}/withdraw": {
            "post": operation(
                "Withdraw an enrolled or waitlisted case with a reason (liaison, admin); the "
                "seat goes to the head of the waitlist; 409 for an enrollment no longer active",
                [ENROLLMENT_ID],
                {
                    **ok_response(
                        {
                            "type": "object",
                            "properties": {
                                "id": INTEGER,
                                "status": {"const": "withdrawn"},
                                "case_id": INTEGER,
                                "case_state": {"const": "withdrawn"},
                                "cohort_id": INTEGER,
                            },
                        }
                    ),
                    **error_responses(401, 403, 404, 409, 422),
                },
                json_body({"reason": TEXT}, ("reason",)),
            )
        },
    }
)

BOOKING = {
    "type": "object",
    "properties": {
        "id": INTEGER,
        "enrollment_id": INTEGER,
        "session_id": INTEGER,
        "booked_at": MOMENT,
        "cancelled_at": {**MOMENT, "type": ["string", "null"]},
    },
}
MAKE_UPS = {
    "type": "object",
    "properties": {
        "enrollment_id": INTEGER,
        "missing": {
            "type": "array",
            "items": {"type": "object"},
            "description": "as on GET /api/v1/enrollments/{enrollment_id}",
        },
        "options": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "session_id": INTEGER,
                    "cohort_id": INTEGER,
                    "module": TEXT,
                    "label": TEXT,
                    "starts_at": MOMENT,
                    "ends_at": MOMENT,
                    "place": TEXT,
                    "seats_left": INTEGER,
                },
            },
        },
        "bookings": {"type": "array", "items": BOOKING},
    },
}

PATHS.update(
    {
        "/api/v1/enrollments/{enrollment_id}/make-ups": {
            "get": operation(
                "What the enrollment lacks, the sessions of other cohorts it can make up, with "
                "seats left, and its bookings (staff, liaison, admin)",
                [ENROLLMENT_ID],
                {**ok_response(MAKE_UPS), **error_responses(401, 403, 404)},
            ),
            "post": operation(
                "Book a make-up (staff, liaison, admin); 409 when the session cannot take it "
                "(full, past, own cohort, module attended or not required)",
                [ENROLLMENT_ID],
                {**created(BOOKING), **error_responses(401, 403, 404, 409, 422)},
                json_body({"session_id": INTEGER}, ("session_id",)),
            ),
        },
        "/api/v1/make-ups/{booking_id}/cancel": {
            "post": operation(
                "Cancel a make-up booking, freeing its seat (staff, liaison, admin)",
                [path_id("booking_id")],
                {**ok_response(BOOKING), **error_responses(401, 403, 404, 409)},
            )
        },
    }
)

FOLLOW_UP_SESSION = {
    "type": "object",
    "properties": {
        "id": INTEGER,
        "discipline": DISCIPLINE,
        "professional_id": {"type": ["integer", "null"]},
        "professional": {"type": ["string", "null"]},
        "starts_at": MOMENT,
        "ends_at": MOMENT,
        "place": TEXT,
        "is_cancelled": BOOLEAN,
        "attendance": {
            "type": ["object", "null"],
            "properties": {"status": TEXT, "minutes_late": {"type": ["integer", "null"]}},
        },
    },
}
FOLLOW_UPS = {
    "type": "object",
    "properties": {
        "case_id": INTEGER,
        "requirements": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"discipline": DISCIPLINE, "session_count": INTEGER},
            },
        },
        "sessions": {"type": "array", "items": FOLLOW_UP_SESSION},
    },
}
LOCAL_MOMENT = {
    **MOMENT,
    "description": "ISO 8601; without an offset, read in the time zone of the case's site",
}

PATHS.update(
    {
        "/api/v1/referrals/{case_id}/follow-ups": {
            "get": operation(
                "The case's individual follow-up requirements and sessions (liaison, admin)",
                [CASE_ID],
                {**ok_response(FOLLOW_UPS), **error_responses(401, 403, 404)},
            ),
            "post": operation(
                "Schedule an individual session of a required discipline (liaison, admin); "
                "409 with `warnings` (missing_discipline, unavailable, overlapping_session, "
                "more_than_required) unless force is true; 409 when the case is not admitted, "
                "enrolled or waitlisted",
                [CASE_ID],
                {
                    **created(
                        {
                            "type": "object",
                            "properties": {
                                "session": FOLLOW_UP_SESSION,
                                "warnings": {"type": "array", "items": TEXT},
                            },
                        }
                    ),
                    **error_responses(401, 403, 404, 409, 422),
                },
                json_body(
                    {
                        "discipline": {
                            **DISCIPLINE,
                            "description": "default: the only one required",
                        },
                        "professional_id": INTEGER,
                        "starts_at": LOCAL_MOMENT,
                        "ends_at": LOCAL_MOMENT,
                        "place": TEXT,
                        "force": BOOLEAN,
                    },
                    ("professional_id", "starts_at", "ends_at", "place"),
                ),
            ),
        },
        "/api/v1/referrals/{case_id}/follow-ups/requirements/{discipline}": {
            "put": operation(
                "Require a number of individual sessions of a discipline; 0 removes the need "
                "(liaison, admin); 404 for an unknown discipline",
                [
                    CASE_ID,
                    {"name": "discipline", "in": "path", "required": True, "schema": DISCIPLINE},
                ],
                {**ok_response(FOLLOW_UPS), **error_responses(401, 403, 404, 409, 422)},
                json_body(
                    {"session_count": {"type": "integer", "minimum": 0, "maximum": 20}},
                    ("session_count",),
                ),
            )
        },
        "/api/v1/referrals/{case_id}/follow-ups/{session_id}/attendance": {
            "put": operation(
                "Record or correct the case's attendance of an individual session (staff "
                "running it, admin); 409 before the session's day; a correction after it "
                "needs a reason",
                [CASE_ID, SESSION_ID],
                {**ok_response(FOLLOW_UP_SESSION), **error_responses(401, 403, 404, 409, 422)},
                json_body(
                    {
                        "status": {"enum": ["present", "late", "absent", "excused"]},
                        "minutes_late": {"type": "integer", "minimum": 1, "maximum": 600},
                        "note": {"type": "string", "maxLength": 500},
                        "reason": TEXT,
                    },
                    ("status",),
                ),
            )
        },
    }
)
