"""The OpenAPI paths of the program's endpoints: cohorts, enrollment, attendance, the
participant's schedule and the research statistics (openapi.py holds the shared pieces)."""

from .openapi import CASE_ID, MONEY, PATHS, error_responses, ok_response

ENROLLMENT = {
    "type": "object",
    "properties": {
        "enrollment_id": {"type": "integer"},
        "status": {"type": "string", "enum": ["enrolled", "waitlisted"]},
    },
}

PATHS["/api/v1/referrals/{case_id}/enroll"] = {
    "post": {
        "summary": "Enroll an admitted case in a cohort of the client's language (liaison); "
        "a full cohort waitlists it; 409 when the case is not admitted; 422 with "
        "fields.cohort_id for a missing, unknown, closed, started or other-language cohort",
        "parameters": [CASE_ID],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["cohort_id"],
                        "properties": {"cohort_id": {"type": "integer"}},
                    }
                }
            },
        },
        "responses": {
            "201": {
                "description": "enrolled, or waitlisted when the cohort is full",
                "content": {"application/json": {"schema": ENROLLMENT}},
            },
            **error_responses(401, 403, 404, 409, 422),
        },
    }
}


SCHEDULE_SESSION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": ["group", "individual"]},
        "module": {"type": ["string", "null"], "description": "the module's code"},
        "title": {"type": "string", "description": "in the participant's language"},
        "discipline": {"type": "string"},
        "professional": {
            "type": ["string", "null"],
            "description": "null when unassigned or the speaker is anonymous",
        },
        "starts_at": {"type": "string", "format": "date-time"},
        "ends_at": {"type": "string", "format": "date-time"},
        "place": {"type": "string"},
        "is_cancelled": {"type": "boolean"},
    },
}
SCHEDULE = {
    "type": "object",
    "properties": {
        "case_id": {"type": ["integer", "null"]},
        "deadline": {"type": ["string", "null"], "format": "date"},
        "balance": {**MONEY, "type": ["string", "null"]},
        "enrollments": {"type": "array", "items": {"type": "object"}},
        "sessions": {"type": "array", "items": SCHEDULE_SESSION},
        "progress": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "module": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "string", "enum": ["scheduled", "attended", "missing"]},
                    "session_id": {"type": ["integer", "null"]},
                },
            },
        },
    },
}

PATHS["/api/v1/me/schedule"] = {
    "get": {
        "summary": "The participant's own sessions, places, times and progress by module "
        "(participant); empty lists before any enrollment",
        "responses": {**ok_response(SCHEDULE), **error_responses(401, 403)},
    }
}

SESSION_ID = {"name": "session_id", "in": "path", "required": True, "schema": {"type": "integer"}}
ROSTER = {
    "type": "object",
    "properties": {
        "session_id": {"type": "integer"},
        "starts_at": {"type": "string", "format": "date-time"},
        "unmarked": {"type": "integer", "description": "people with no attendance recorded"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "enrollment_id": {"type": "integer"},
                    "family_name": {"type": "string"},
                    "given_name": {"type": "string"},
                    "make_up": {"type": "boolean"},
                    "status": {"enum": ["present", "late", "absent", "excused", None]},
                    "minutes_late": {"type": ["integer", "null"]},
                    "note": {"type": ["string", "null"]},
                },
            },
        },
    },
}
ATTENDANCE = {
    "type": "object",
    "required": ["records"],
    "properties": {
        "records": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["enrollment_id", "status"],
                "properties": {
                    "enrollment_id": {"type": "integer"},
                    "status": {"enum": ["present", "late", "absent", "excused"]},
                    "minutes_late": {"type": "integer", "minimum": 1, "maximum": 600},
                    "note": {"type": "string", "maxLength": 500},
                },
            },
        },
        "reason": {"type": "string", "description": "needed to correct after the session's day"},
    },
}
MISSING = {
    "type": "object",
    "properties": {
        "kind": {"enum": ["module", "individual", "fee", "deadline"]},
        "code": {"type": "string", "description": "module code, or discipline"},
        "count": {"type": "integer", "description": "individual sessions still owed"},
        "amount": MONEY,
        "day": {"type": "string", "format": "date", "description": "the deadline passed"},
    },
}
ENROLLMENT_STATUS = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "status": {"enum": ["enrolled", "waitlisted", "withdrawn", "ended"]},
        "case_id": {"type": "integer"},
        "cohort_id": {"type": "integer"},
        "missing": {"type": "array", "items": MISSING},
    },
}

PATHS.update(
    {
        "/api/v1/sessions/{session_id}/roster": {
            "get": {
                "summary": "Who the session expects, with attendance so far (staff running "
                "it, admin)",
                "parameters": [SESSION_ID],
                "responses": {**ok_response(ROSTER), **error_responses(401, 403, 404)},
            }
        },
        "/api/v1/sessions/{session_id}/attendance": {
            "put": {
                "summary": "Record or correct the attendance (staff running it, admin); 422 "
                "names each offending record (records[i].field) and saves nothing; 409 before "
                "the session's day",
                "parameters": [SESSION_ID],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ATTENDANCE}},
                },
                "responses": {**ok_response(ROSTER), **error_responses(401, 403, 404, 409, 422)},
            }
        },
        "/api/v1/enrollments/{enrollment_id}": {
            "get": {
                "summary": "The enrollment's status and what it still lacks (liaison, admin, "
                "the participant for their own)",
                "parameters": [
                    {
                        "name": "enrollment_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {**ok_response(ENROLLMENT_STATUS), **error_responses(401, 403, 404)},
            }
        },
    }
)


COHORT_ID = {"name": "cohort_id", "in": "path", "required": True, "schema": {"type": "integer"}}
NEW_COHORT = {
    "type": "object",
    "required": ["code", "language", "capacity", "place", "starts_on", "format"],
    "properties": {
        "code": {"type": "string", "maxLength": 40, "description": "unique"},
        "language": {"type": "string", "enum": ["fr", "en"]},
        "capacity": {"type": "integer", "minimum": 1, "maximum": 200},
        "place": {"type": "string", "maxLength": 300},
        "starts_on": {"type": "string", "format": "date", "description": "today or later"},
        "format": {"type": "string", "enum": ["one_day", "weekly"]},
        "start_time": {
            "type": "string",
            "description": "HH:MM in the time zone of the cohort's site; default 09:00",
            "examples": ["09:00"],
        },
    },
}
COHORT = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "language": {"type": "string", "enum": ["fr", "en"]},
        "capacity": {"type": "integer"},
        "seats_taken": {"type": "integer", "description": "enrollments with status enrolled"},
        "place": {"type": "string"},
        "starts_on": {"type": "string", "format": "date"},
        "format": {"type": "string", "enum": ["one_day", "weekly"]},
        "status": {"type": "string", "enum": ["planned", "confirmed", "completed", "cancelled"]},
    },
}
SESSION = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "module": {"type": "string", "description": "the module's code"},
        "module_title": {"type": "string", "description": "in the cohort's language"},
        "starts_at": {"type": "string", "format": "date-time", "description": "UTC"},
        "ends_at": {"type": "string", "format": "date-time", "description": "UTC"},
        "discipline": {"type": "string"},
        "place": {"type": "string"},
        "is_cancelled": {"type": "boolean"},
    },
}
COHORT_WITH_SESSIONS = {
    "allOf": [
        COHORT,
        {"type": "object", "properties": {"sessions": {"type": "array", "items": SESSION}}},
    ]
}

PATHS.update(
    {
        "/api/v1/cohorts": {
            "post": {
                "summary": "Open a cohort; its sessions are generated from the curriculum (admin)",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": NEW_COHORT}},
                },
                "responses": {
                    "201": {
                        "description": "created, with its sessions",
                        "content": {"application/json": {"schema": COHORT_WITH_SESSIONS}},
                    },
                    **error_responses(401, 403, 422),
                },
            },
            "get": {
                "summary": "Cohorts, latest start first, with capacity and seats taken "
                "(liaison, staff, admin)",
                "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    **ok_response(
                        {
                            "type": "object",
                            "properties": {
                                "items": {"type": "array", "items": COHORT},
                                "total": {"type": "integer"},
                                "page": {"type": "integer"},
                            },
                        }
                    ),
                    **error_responses(401, 403),
                },
            },
        },
        "/api/v1/cohorts/{cohort_id}": {
            "get": {
                "summary": "The cohort with its sessions (liaison, staff, admin)",
                "parameters": [COHORT_ID],
                "responses": {
                    **ok_response(COHORT_WITH_SESSIONS),
                    **error_responses(401, 403, 404),
                },
            }
        },
    }
)

STATS_PROFILE = {
    "type": "object",
    "required": ["k", "cells", "suppressed"],
    "properties": {
        "k": {"type": "integer", "description": "counts under k are hidden"},
        "cells": {
            "type": "array",
            "description": "one object per cell, keyed by the dimensions' names, plus count "
            "(null when hidden; published counts are rounded to a multiple of 5); "
            "empty when the filters leave fewer than k people",
            "items": {
                "type": "object",
                "properties": {"count": {"type": ["integer", "null"]}},
                "additionalProperties": {"type": ["string", "integer", "null"]},
            },
        },
        "suppressed": {"type": "integer", "description": "how many cells are hidden"},
    },
}
PATHS["/api/v1/stats/profile"] = {
    "get": {
        "summary": "Counts of the de-identified store by one or two dimensions, small cells "
        "suppressed (researcher, admin)",
        "parameters": [
            {
                "name": "dims",
                "in": "query",
                "required": True,
                "description": "one or two of age_band, region, site, language, "
                "referral_source, outcome, year or a profile item code, separated by a comma",
                "schema": {"type": "string"},
            },
            {"name": "from", "in": "query", "schema": {"type": "integer"}},
            {"name": "to", "in": "query", "schema": {"type": "integer"}},
            {"name": "language", "in": "query", "schema": {"type": "string", "enum": ["fr", "en"]}},
            {
                "name": "source",
                "in": "query",
                "schema": {"type": "string", "enum": ["police", "prosecutor", "court", "self"]},
            },
            {
                "name": "site",
                "in": "query",
                "description": "a site's code: only the cases of that site",
                "schema": {"type": "string"},
            },
        ],
        "responses": {**ok_response(STATS_PROFILE), **error_responses(401, 403, 422)},
    }
}
