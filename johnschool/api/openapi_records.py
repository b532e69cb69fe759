"""The OpenAPI paths of the rotation, the letters, the questionnaires and the re-offending
checks (openapi_workflow.py holds the case's turns, make-ups and follow-ups)."""

from .openapi import CASE_ID, PATHS, error_responses, ok_response
from .openapi_workflow import (
    BOOLEAN,
    COHORT_ID,
    DATE,
    INTEGER,
    MOMENT,
    PDF,
    TEXT,
    created,
    json_body,
    operation,
)

NULLABLE_INTEGER, NULLABLE_TEXT = {"type": ["integer", "null"]}, {"type": ["string", "null"]}
EXPLAINED = {
    "type": "object",
    "properties": {
        "code": {
            **NULLABLE_TEXT,
            "description": "only_candidate, least_loaded, longest_ago, "
            "lowest_id, manual, or why nobody: no_discipline, all_unavailable, "
            "all_booked, no_other_qualified",
        },
        "params": {"type": "object"},
        "explanation": {"type": "string", "description": "in the reader's language"},
    },
}
ROTATION = {
    "type": "object",
    "properties": {
        "cohort_id": INTEGER,
        "status": {"enum": ["planned", "confirmed", "completed", "cancelled"]},
        "confirmed_at": {**MOMENT, "type": ["string", "null"]},
        "sessions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "session_id": INTEGER,
                    "module": NULLABLE_TEXT,
                    "discipline": TEXT,
                    "starts_at": MOMENT,
                    "professional_id": NULLABLE_INTEGER,
                    "professional": NULLABLE_TEXT,
                    "backup_id": NULLABLE_INTEGER,
                    "backup": NULLABLE_TEXT,
                    "main": EXPLAINED,
                    "backup_choice": EXPLAINED,
                    "flag": {**NULLABLE_TEXT, "description": "why nobody fits, if so"},
                },
            },
        },
    },
}
CHANGE = {
    "type": "object",
    "required": ["session_id", "professional_id", "backup_id"],
    "properties": {
        "session_id": INTEGER,
        "professional_id": NULLABLE_INTEGER,
        "backup_id": NULLABLE_INTEGER,
        "force": {**BOOLEAN, "description": "keep a choice despite its conflicts"},
    },
}
ROTATION_ERRORS = error_responses(401, 403, 404, 409, 422)

PATHS.update(
    {
        "/api/v1/cohorts/{cohort_id}/rotation": {
            "get": operation(
                "Who teaches and backs up each session of the cohort, and why (admin)",
                [COHORT_ID],
                {**ok_response(ROTATION), **error_responses(401, 403, 404)},
            ),
            "post": operation(
                "Apply changes by hand, if any, then confirm the rotation, all or nothing "
                "(admin); 409 with `conflicts` for a change with conflicts not forced, 409 "
                "when a session has nobody or the cohort is no longer planned",
                [COHORT_ID],
                {**ok_response(ROTATION), **ROTATION_ERRORS},
                json_body({"changes": {"type": "array", "items": CHANGE}}),
            ),
        },
        "/api/v1/cohorts/{cohort_id}/rotation/propose": {
            "post": operation(
                "Propose the rotation again (admin); 409 when sessions have choices and "
                "replace is not true, or once the rotation is confirmed",
                [COHORT_ID],
                {**ok_response(ROTATION), **ROTATION_ERRORS},
                json_body({"replace": BOOLEAN}),
            )
        },
        "/api/v1/referrals/{case_id}/letters/screening.pdf": {
            "get": operation(
                "The screening letter to the prosecutor, in the client's language (liaison, "
                "admin); logged; 409 before screening",
                [CASE_ID],
                {**PDF, **error_responses(401, 403, 404, 409)},
            )
        },
        "/api/v1/referrals/{case_id}/letters/outcome.pdf": {
            "get": operation(
                "The final outcome report to the prosecutor (liaison, admin); logged; 409 "
                "unless the case is completed, failed or withdrawn (or returned from those)",
                [CASE_ID],
                {**PDF, **error_responses(401, 403, 404, 409)},
            )
        },
    }
)

QUESTION = {
    "type": "object",
    "properties": {
        "code": TEXT,
        "kind": {"enum": ["choice", "likert"]},
        "text": TEXT,
        "choices": {
            "type": "array",
            "items": {"type": "object", "properties": {"code": TEXT, "label": TEXT}},
        },
        "scale": {"type": "object", "properties": {"min": INTEGER, "max": INTEGER}},
    },
}
QUESTIONNAIRES = {
    "type": "object",
    "properties": {
        "case_id": INTEGER,
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": TEXT,
                    "title": TEXT,
                    "purpose": {"enum": ["profile", "attitudes"]},
                    "moment": {"enum": ["intake", "before", "after"]},
                    "version": INTEGER,
                    "is_open": BOOLEAN,
                    "is_answered": BOOLEAN,
                    "answered_by": {"enum": ["participant", "liaison", None]},
                    "answered_at": {**MOMENT, "type": ["string", "null"]},
                    "can_answer": BOOLEAN,
                    "questions": {
                        "type": "array",
                        "items": QUESTION,
                        "description": "only when the reader may answer now",
                    },
                },
            },
        },
    },
}
QUESTIONNAIRE_CODE = {"name": "code", "in": "path", "required": True, "schema": TEXT}

PATHS.update(
    {
        "/api/v1/referrals/{case_id}/questionnaires": {
            "get": operation(
                "The case's questionnaires: open or not, answered (by whom, when) or not, never "
                "the answers (liaison, admin, the participant for their own case; 404 for "
                "another's)",
                [CASE_ID],
                {**ok_response(QUESTIONNAIRES), **error_responses(401, 403, 404)},
            )
        },
        "/api/v1/referrals/{case_id}/questionnaires/{code}/responses": {
            "post": operation(
                "Answer a questionnaire at a moment: the participant while it is open (again "
                "replaces), a liaison or admin the intake profile once; 409 when it cannot be "
                "answered now; 422 names each question (answers.<code>)",
                [CASE_ID, QUESTIONNAIRE_CODE],
                {
                    **created(
                        {
                            "type": "object",
                            "properties": {"code": TEXT, "moment": TEXT, "answered_by": TEXT},
                        },
                        "recorded",
                    ),
                    **error_responses(401, 403, 404, 409, 422),
                },
                json_body(
                    {
                        "moment": {"enum": ["intake", "before", "after"]},
                        "answers": {
                            "type": "object",
                            "description": "question code → choice code, or 1 to 5",
                            "additionalProperties": {"type": ["string", "integer"]},
                        },
                    },
                    ("moment", "answers"),
                ),
            )
        },
    }
)

CHECK = {
    "type": "object",
    "properties": {
        "months": {"enum": [6, 12, 24]},
        "due_on": DATE,
        "status": {"enum": ["upcoming", "due", "overdue", "done"]},
        "checked_on": {**DATE, "type": ["string", "null"]},
        "has_new_charge": {"type": ["boolean", "null"]},
        "offence_category": {"enum": ["violent", "sexual", "exploitation", "other", None]},
    },
}
CASE_CHECKS = {
    "type": "object",
    "properties": {
        "case_id": INTEGER,
        "state": TEXT,
        "outcome_on": {**DATE, "type": ["string", "null"]},
        "checks": {"type": "array", "items": CHECK},
    },
}
CHECK_BODY = json_body(
    {
        "months": {"enum": [6, 12, 24]},
        "checked_on": {**DATE, "description": "default: today; from the due day, not in future"},
        "has_new_charge": BOOLEAN,
        "offence_category": {
            "enum": ["violent", "sexual", "exploitation", "other", None],
            "description": "with a new charge only",
        },
    },
    ("months", "has_new_charge"),
)

PATHS.update(
    {
        "/api/v1/follow-up-checks/due": {
            "get": operation(
                "Closed cases with a re-offending check due or overdue, oldest outcome first "
                "(liaison, admin)",
                [{"name": "page", "in": "query", "schema": INTEGER}],
                {
                    **ok_response(
                        {
                            "type": "object",
                            "properties": {
                                "items": {"type": "array", "items": CASE_CHECKS},
                                "total": INTEGER,
                                "page": INTEGER,
                            },
                        }
                    ),
                    **error_responses(401, 403),
                },
            )
        },
        "/api/v1/referrals/{case_id}/follow-up-checks": {
            "get": operation(
                "The case's checks at 6, 12 and 24 months after its outcome (liaison, admin)",
                [CASE_ID],
                {**ok_response(CASE_CHECKS), **error_responses(401, 403, 404)},
            ),
            "post": operation(
                "Record or correct a check of a closed case (liaison, admin); 409 while the "
                "case is open",
                [CASE_ID],
                {**created(CASE_CHECKS), **error_responses(401, 403, 404, 409, 422)},
                CHECK_BODY,
            ),
        },
    }
)
