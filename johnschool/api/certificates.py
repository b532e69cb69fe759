"""API endpoints of certificates: issue, download, revoke, and public verification."""

from flask import Response, abort, jsonify, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..certificates.access import (
    READER_ROLES,
    STAFF_ROLES,
    certificate_for_reader,
    certificate_or_404,
    enrollment_or_404,
)
from ..certificates.document import certificate_filename
from ..certificates.limits import verify_limit
from ..certificates.queries import certificate_pdf
from ..certificates.services import (
    IncompleteError,
    issue_certificate,
    record_download,
    revoke_certificate,
)
from ..certificates.verification import find_by_code, record_lookup, status_json
from ..database import writes_database
from ..errors import json_error
from ..extensions import db
from ..permissions import role_required
from ..referrals.errors import CaseStateError
from . import bp
from .openapi import PATHS, error_responses, ok_response
from .referrals import request_body


def certificate_json(certificate):
    """Describe a certificate for whoever issued it."""
    return {
        "id": certificate.id,
        "serial": certificate.serial,
        "verification_code": certificate.verification_code,
        "pdf_url": url_for("api.certificate_pdf", certificate_id=certificate.id, _external=True),
        **status_json(certificate),
    }


@bp.post("/enrollments/<int:enrollment_id>/certificate", endpoint="issue_certificate")
@role_required(*STAFF_ROLES)
def issue_certificate_endpoint(enrollment_id):
    """Issue the certificate of a complete enrollment; 409 with what is missing otherwise."""
    enrollment = enrollment_or_404(enrollment_id)
    try:
        certificate = issue_certificate(enrollment, by=current_user)
    except IncompleteError as error:
        db.session.rollback()
        return json_error(409, error, missing=[item.to_json() for item in error.missing])
    except CaseStateError as error:
        db.session.rollback()
        return json_error(409, error, missing=[])
    db.session.commit()
    return jsonify(certificate_json(certificate)), 201


@bp.get("/certificates/<int:certificate_id>/pdf", endpoint="certificate_pdf")
@role_required(*READER_ROLES)
@writes_database
def certificate_pdf_endpoint(certificate_id):
    """The certificate's PDF: staff, or the participant it belongs to."""
    certificate = certificate_for_reader(certificate_id)
    data = certificate_pdf(certificate)
    record_download(certificate)
    db.session.commit()
    filename = certificate_filename(certificate.serial)
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/certificates/<int:certificate_id>/revoke", endpoint="revoke_certificate")
@role_required(*STAFF_ROLES)
def revoke_certificate_endpoint(certificate_id):
    """Revoke a certificate with a reason."""
    certificate = certificate_or_404(certificate_id)
    reason = request_body().get("reason")
    if not isinstance(reason, str) or not reason.strip():
        message = _("Write the reason.")
        return json_error(422, message, {"reason": message})
    try:
        revoke_certificate(certificate, reason, by=current_user)
    except CaseStateError as error:
        db.session.rollback()
        return json_error(409, error)
    db.session.commit()
    return jsonify(certificate_json(certificate))


@bp.get("/verify/<code>")
@verify_limit
@writes_database
def verify_certificate(code):
    """Say whether a certificate is valid, with its serial, issue date and initials."""
    certificate = find_by_code(code)
    record_lookup(certificate)
    db.session.commit()
    if certificate is None:
        abort(404)  # the same answer whatever makes the code unknown
    return jsonify(status_json(certificate))


CERTIFICATE_ID = {
    "name": "certificate_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer"},
}
STATUS = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": ["valid", "revoked"]},
        "serial": {"type": "string", "examples": ["JS-2026-00001"]},
        "issued_on": {"type": "string", "format": "date"},
        "initials": {"type": "string"},
    },
}
CERTIFICATE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "verification_code": {"type": "string"},
        "pdf_url": {"type": "string", "format": "uri"},
        **STATUS["properties"],
    },
}
PDF = {"200": {"description": "the certificate", "content": {"application/pdf": {}}}}

PATHS.update(
    {
        "/api/v1/enrollments/{enrollment_id}/certificate": {
            "post": {
                "summary": "Issue the certificate of a complete enrollment (liaison, admin); 409 "
                "with `missing` when incomplete or when a valid certificate exists",
                "parameters": [
                    {
                        "name": "enrollment_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "201": {
                        "description": "issued",
                        "content": {"application/json": {"schema": CERTIFICATE}},
                    },
                    **error_responses(401, 403, 404, 409),
                },
            }
        },
        "/api/v1/certificates/{certificate_id}/pdf": {
            "get": {
                "summary": "The certificate's PDF (liaison, admin, the participant holding it)",
                "parameters": [CERTIFICATE_ID],
                "responses": {**PDF, **error_responses(401, 403, 404)},
            }
        },
        "/api/v1/certificates/{certificate_id}/revoke": {
            "post": {
                "summary": "Revoke a certificate with a reason (liaison, admin)",
                "parameters": [CERTIFICATE_ID],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["reason"],
                                "properties": {"reason": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {
                    **ok_response(CERTIFICATE),
                    **error_responses(401, 403, 404, 409, 422),
                },
            }
        },
        "/api/v1/verify/{code}": {
            "get": {
                "summary": "Verify a certificate (anyone, rate-limited); 404 for any unknown code",
                "security": [],
                "parameters": [
                    {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {**ok_response(STATUS), **error_responses(404, 429)},
            }
        },
    }
)
