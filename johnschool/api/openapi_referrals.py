"""The OpenAPI schemas of a referral: the body that records one, and the case it becomes."""

from ..referrals.models import SOURCES

DATE = {"type": "string", "format": "date"}
OPTIONAL_TEXT = {"type": ["string", "null"]}

REFERRAL_CLIENT = {
    "type": "object",
    "required": ["family_name", "given_name"],
    "properties": {
        "family_name": {"type": "string", "maxLength": 120},
        "given_name": {"type": "string", "maxLength": 120},
        "birth_date": {**DATE, "description": "unknown: screening asks for a review"},
        "language": {"type": "string", "enum": ["fr", "en"], "default": "fr"},
        "email": {"type": "string", "format": "email", "maxLength": 254},
        "phone": {"type": "string", "maxLength": 40},
        "postal_code": {"type": "string", "examples": ["J4K 1A1"]},
    },
}
REFERRAL_DETAILS = {
    "type": "object",
    "required": ["source", "offence_code", "offence_date", "court_file"],
    "properties": {
        "source": {"type": "string", "enum": list(SOURCES)},
        "offence_code": {"type": "string", "examples": ["286.1(1)"]},
        "offence_date": DATE,
        "court_file": {"type": "string", "maxLength": 60},
        "involves_minor": {"type": "boolean", "default": False},
        "received_on": {**DATE, "description": "default: today"},
    },
}
PRIOR_CONVICTION = {
    "type": "object",
    "required": ["offence_code"],
    "properties": {
        "offence_code": {"type": "string", "examples": ["266"]},
        "conviction_date": DATE,
        "jurisdiction": {"type": "string", "maxLength": 100},
        "note": {"type": "string", "maxLength": 500},
    },
}
REFERRAL_BODY = {
    "type": "object",
    "required": ["client", "referral"],
    "properties": {
        "client": REFERRAL_CLIENT,
        "referral": REFERRAL_DETAILS,
        "prior_convictions": {"type": "array", "maxItems": 50, "items": PRIOR_CONVICTION},
        "site": {
            "type": "string",
            "examples": ["QC"],
            "description": "the code of the site the case belongs to. Required of a "
            "province-wide admin while the deployment has several sites: 422 with "
            "`fields.site` when missing or unknown. Ignored for a user bound to a site "
            "(the case goes to their site) and while there is only one site.",
        },
    },
}

CASE_DETAIL = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "state": {"type": "string"},
        "court_file": {"type": "string"},
        "family_name": {"type": "string"},
        "given_name": {"type": "string"},
        "received_on": DATE,
        "deadline": DATE,
        "client": {"type": "object"},
        "referral": {"type": "object"},
        "prior_convictions": {"type": "array", "items": {"type": "object"}},
        "decision": {"type": ["object", "null"]},
        "duplicate_of": {
            "type": ["integer", "null"],
            "description": "the case this one was closed as a duplicate of, when the caller "
            "reaches it; null otherwise",
        },
        "duplicate_of_another_site": {
            "type": "boolean",
            "description": "true when the case was closed as a duplicate of a case of a site "
            "the caller does not reach (its id is then withheld)",
        },
        "possible_duplicates": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "state": {"type": "string"},
                    "received_on": DATE,
                    "url": {"type": "string"},
                },
            },
        },
    },
}
