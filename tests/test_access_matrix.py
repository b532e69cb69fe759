"""Every route × every role × own or other site: the status each one gets.

A route added to the application without a line in ROUTES fails
test_every_route_is_in_the_matrix, so access is decided for each new page; a
route naming an object also needs a line in SITE_SCOPED, NOT_SITE_SCOPED or
OWNED (test_every_route_with_an_object_declares_its_site_behaviour), so that
what a user of another site gets is decided too.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from johnschool.attendance.models import MakeUpBooking
from johnschool.auth.mfa_models import Passkey
from johnschool.auth.tokens import create_one_time_link
from johnschool.clock import program_today
from johnschool.coordination.documents import upload_document
from johnschool.curriculum.professionals import add_unavailable_day, create_professional
from johnschool.curriculum.services import CohortDraft, create_cohort, load_default_curriculum
from johnschool.database import utcnow
from johnschool.enrollment.models import Enrollment
from johnschool.enrollment.services import enroll
from johnschool.extensions import db
from johnschool.messages.services import queue_message
from johnschool.portal.models import ParticipantAccount
from johnschool.portal.services import create_calendar_feed
from johnschool.questionnaires.shipped import load_shipped_questionnaires
from johnschool.referrals.fees import record_payment
from johnschool.referrals.services import create_referral
from johnschool.sites.services import find_site

from .attendance import program as attendance_program
from .certificates.helpers import certificate_row
from .enrollment.builders import admitted_case, make_cohort
from .factories import FIRST_SITE, make_site, make_token, make_user
from .portal import builders as portal_builders

ROLES = ("admin", "liaison", "staff", "participant", "researcher")
WHO = ("anonymous",) + ROLES

ADMIN_ONLY = {
    "anonymous": 302,
    "admin": 200,
    "liaison": 403,
    "staff": 403,
    "participant": 403,
    "researcher": 403,
}
ADMIN_ONLY_POST = {**ADMIN_ONLY, "admin": 302}
EVERY_USER = {"anonymous": 302, **{role: 200 for role in ROLES}}
EVERY_USER_POST = {"anonymous": 302, **{role: 302 for role in ROLES}}
ANYONE = {who: 200 for who in WHO}
API_ADMIN_ONLY = {
    "anonymous": 401,
    "admin": 200,
    "liaison": 403,
    "staff": 403,
    "participant": 403,
    "researcher": 403,
}
API_EVERY_USER = {"anonymous": 401, **{role: 200 for role in ROLES}}
API_CASES_READ = {**API_ADMIN_ONLY, "liaison": 200}
# Liaison only; with no body the liaison's request is refused as invalid (422).
API_LIAISON_WRITE = {**{who: 403 for who in WHO}, "anonymous": 401, "liaison": 422}

CASE_PAGES = {**ADMIN_ONLY, "liaison": 200}
PARTICIPANT_ONLY = {**ADMIN_ONLY, "admin": 403, "participant": 200}
API_PARTICIPANT_ONLY = {**API_ADMIN_ONLY, "admin": 403, "participant": 200}
# An empty form is refused as invalid (422) for those allowed to act.
CASE_ACTION = {**ADMIN_ONLY, "admin": 422, "liaison": 422}

SESSION_PAGES = {**ADMIN_ONLY, "staff": 200}
MAKE_UP_PAGES = {**ADMIN_ONLY, "staff": 200, "liaison": 200}
API_SESSIONS = {**API_ADMIN_ONLY, "staff": 200}
COHORT_PAGES = {**CASE_PAGES, "staff": 200}
API_COHORTS_READ = {**API_CASES_READ, "staff": 200}

API_MAKE_UPS = {**API_CASES_READ, "staff": 200}
API_CASE_INVALID = {**API_CASES_READ, "admin": 422, "liaison": 422}
API_CASE_CONFLICT = {**API_CASES_READ, "admin": 409, "liaison": 409}

# Researchers reach the statistics and nothing identifying; the coordinator too.
STATISTICS = {**ADMIN_ONLY, "researcher": 200}
API_STATISTICS = {**API_ADMIN_ONLY, "researcher": 200}

# endpoint: (method, path with {placeholders}, expected status by who)
ROUTES = {
    "static": ("GET", "/static/style.css", ANYONE),
    "main.home": ("GET", "/", EVERY_USER),
    "main.healthz": ("GET", "/healthz", ANYONE),
    "main.set_language_view": ("POST", "/language", {who: 302 for who in WHO}),
    "auth.login": ("GET", "/login", {"anonymous": 200, **{role: 302 for role in ROLES}}),
    "auth.logout": ("POST", "/logout", EVERY_USER_POST),
    "auth.logout_everywhere": ("POST", "/logout/everywhere", EVERY_USER_POST),
    "auth.profile": ("GET", "/profile", EVERY_USER),
    # An empty form is refused with the form shown again.
    "auth.change_password_view": (
        "POST",
        "/profile/password",
        {"anonymous": 302, **{role: 422 for role in ROLES}},
    ),
    "auth.create_token": (
        "POST",
        "/profile/tokens",
        {"anonymous": 302, **{role: 422 for role in ROLES}},
    ),
    # The token belongs to the admin: only its owner may revoke it here.
    "auth.revoke_token": (
        "GET",
        "/profile/tokens/{admin_token}/revoke",
        {**{who: 403 for who in WHO}, "anonymous": 302, "admin": 200},
    ),
    "auth.reset_password": ("GET", "/reset/{reset_secret}", ANYONE),
    # Nobody is between the password and the code here: back to the sign-in page.
    "auth.login_code": ("GET", "/login/code", {who: 302 for who in WHO}),
    "auth.login_enrol": ("GET", "/login/enrol", {who: 302 for who in WHO}),
    "auth.login_passkey_options": ("POST", "/login/passkey/options", {who: 400 for who in WHO}),
    "auth.login_passkey": ("POST", "/login/passkey", {who: 400 for who in WHO}),
    # Nobody has a second factor yet: the page to add one, and no codes or passkeys.
    "auth.two_step": ("GET", "/profile/two-step", EVERY_USER),
    "auth.two_step_confirm": (
        "POST",
        "/profile/two-step",
        {"anonymous": 302, **{role: 422 for role in ROLES}},
    ),
    "auth.recovery_codes": ("GET", "/profile/two-step/recovery-codes", EVERY_USER_POST),
    "auth.two_step_remove": ("GET", "/profile/two-step/remove", EVERY_USER_POST),
    "auth.passkey_options": (
        "POST",
        "/profile/passkeys/options",
        {"anonymous": 302, **{role: 409 for role in ROLES}},
    ),
    "auth.passkey_add": (
        "POST",
        "/profile/passkeys",
        {"anonymous": 302, **{role: 400 for role in ROLES}},
    ),
    # The passkey belongs to the admin: anyone else gets 404.
    "auth.passkey_remove": (
        "GET",
        "/profile/passkeys/{admin_passkey}/remove",
        {**{who: 404 for who in WHO}, "anonymous": 302, "admin": 200},
    ),
    "auth.users": ("GET", "/admin/users", ADMIN_ONLY),
    "auth.new_user": ("GET", "/admin/users/new", ADMIN_ONLY),
    "auth.user_detail": ("GET", "/admin/users/{target}", ADMIN_ONLY),
    "auth.user_role": ("POST", "/admin/users/{target}/role", ADMIN_ONLY_POST),
    "auth.user_deactivate": ("GET", "/admin/users/{target}/deactivate", ADMIN_ONLY),
    "auth.user_reactivate": ("POST", "/admin/users/{target}/reactivate", ADMIN_ONLY_POST),
    # The link is shown once, on the page that answers the POST.
    "auth.user_reset_link": ("POST", "/admin/users/{target}/reset-link", ADMIN_ONLY),
    "auth.user_token_revoke": (
        "GET",
        "/admin/users/{target}/tokens/{target_token}/revoke",
        ADMIN_ONLY,
    ),
    "sites.sites": ("GET", "/admin/sites", ADMIN_ONLY),
    "sites.site_new": ("GET", "/admin/sites/new", ADMIN_ONLY),
    "sites.site_edit": ("GET", "/admin/sites/{site}/edit", ADMIN_ONLY),
    "audit.entries": ("GET", "/admin/audit", ADMIN_ONLY),
    "messages.outbox": ("GET", "/admin/outbox", ADMIN_ONLY),
    # The failed message goes back to the queue, then back to the outbox page.
    "messages.outbox_retry": ("POST", "/admin/outbox/{message}/retry", ADMIN_ONLY_POST),
    "messages.case_reminders": ("GET", "/cases/{case}/reminders", CASE_PAGES),
    # Public for the SMS provider, but refused to anyone without its signature.
    "messages.sms_reply": ("POST", "/sms/replies", {who: 403 for who in WHO}),
    "referrals.admin_catalogue": ("GET", "/admin/catalogue", ADMIN_ONLY),
    "referrals.admin_offence_edit": ("GET", "/admin/catalogue/edit?code=90", ADMIN_ONLY),
    "referrals.admin_offence_remove": (
        "POST",
        "/admin/catalogue/remove",
        {**ADMIN_ONLY, "admin": 422},
    ),
    "referrals.admin_settings": ("GET", "/admin/settings", ADMIN_ONLY),
    "referrals.cases": ("GET", "/cases", CASE_PAGES),
    "referrals.new_case": ("GET", "/cases/new", CASE_PAGES),
    "referrals.case_detail": ("GET", "/cases/{case}", CASE_PAGES),
    # Screening again needs nothing but the form's token: done, then back to the case.
    "referrals.case_screen": (
        "POST",
        "/cases/{case}/screen",
        {**ADMIN_ONLY, "admin": 302, "liaison": 302},
    ),
    "referrals.case_consent": ("POST", "/cases/{case}/consent", CASE_ACTION),
    "referrals.case_admit": ("POST", "/cases/{case}/admit", CASE_ACTION),
    "referrals.case_override": ("POST", "/cases/{case}/override", {**CASE_ACTION, "liaison": 403}),
    "referrals.case_return": ("POST", "/cases/{case}/return", CASE_ACTION),
    "referrals.case_close_duplicate": ("POST", "/cases/{case}/close-duplicate", CASE_ACTION),
    "referrals.case_letter": ("GET", "/cases/{case}/letter", CASE_PAGES),
    "referrals.case_payment": ("POST", "/cases/{case}/payments", CASE_ACTION),
    "referrals.case_fee_reduce": (
        "POST",
        "/cases/{case}/fee/reduce",
        {**CASE_ACTION, "liaison": 403},
    ),
    "referrals.case_fee_waive": (
        "POST",
        "/cases/{case}/fee/waive",
        {**CASE_ACTION, "liaison": 403},
    ),
    "curriculum.cohort_rotation": ("GET", "/admin/cohorts/{cohort}/rotation", ADMIN_ONLY),
    # The cohort got its proposal when it was created: proposing again without ticking
    # "replace" is refused with the review shown again.
    "curriculum.cohort_rotation_propose": (
        "POST",
        "/admin/cohorts/{cohort}/rotation/propose",
        {**ADMIN_ONLY, "admin": 422},
    ),
    # Refused with a message (a session has nobody), then back to the review.
    "curriculum.cohort_rotation_confirm": (
        "POST",
        "/admin/cohorts/{cohort}/rotation/confirm",
        ADMIN_ONLY_POST,
    ),
    "curriculum.session_assign": ("GET", "/admin/sessions/{session}/assign", ADMIN_ONLY),
    "curriculum.assignments": ("GET", "/assignments", {**ADMIN_ONLY, "admin": 403, "staff": 200}),
    "enrollment.case_enroll": ("POST", "/cases/{case}/enroll", CASE_ACTION),
    "enrollment.case_withdraw": ("GET", "/cases/{enrolled_case}/withdraw", CASE_PAGES),
    "enrollment.case_follow_ups": ("GET", "/cases/{enrolled_case}/follow-ups", CASE_PAGES),
    "enrollment.case_session_new": (
        "GET",
        "/cases/{enrolled_case}/follow-ups/sessions/new",
        CASE_PAGES,
    ),
    "enrollment.cohort_enrollments": ("GET", "/cohorts/{cohort}/enrollments", CASE_PAGES),
    # Bulk actions on a cohort: an empty selection is refused with the list shown again.
    "enrollment.cohort_bulk_enroll": ("GET", "/cohorts/{cohort}/enroll-cases", CASE_PAGES),
    "enrollment.cohort_bulk_enroll_review": (
        "POST",
        "/cohorts/{cohort}/enroll-cases/review",
        CASE_ACTION,
    ),
    "enrollment.cohort_bulk_enroll_confirm": (
        "POST",
        "/cohorts/{cohort}/enroll-cases/confirm",
        CASE_ACTION,
    ),
    "enrollment.cohort_bulk_withdraw_review": (
        "POST",
        "/cohorts/{cohort}/withdrawals/review",
        CASE_ACTION,
    ),
    "enrollment.cohort_bulk_withdraw": ("POST", "/cohorts/{cohort}/withdrawals", CASE_ACTION),
    # Reports: the sign-in sheet for whoever runs the session; money and exports for cases.
    "reports.session_roster": (
        "GET",
        "/sessions/{roll_call_session}/roster.pdf",
        SESSION_PAGES,
    ),
    "reports.payment_receipt": ("GET", "/payments/{payment}/receipt.pdf", CASE_PAGES),
    "reports.cohort_attendance_csv": ("GET", "/cohorts/{cohort}/attendance.csv", CASE_PAGES),
    "reports.balances": ("GET", "/reports/balances", CASE_PAGES),
    "reports.balances_csv": ("GET", "/reports/balances.csv", CASE_PAGES),
    # The participant portal: own records only; the feed and the invitation go by secret.
    "portal.welcome": ("GET", "/welcome/{invitation_secret}", ANYONE),
    "portal.home": ("GET", "/my", PARTICIPANT_ONLY),
    "portal.session_ics": ("GET", "/my/sessions/{session}.ics", PARTICIPANT_ONLY),
    "portal.calendar": ("GET", "/my/calendar", PARTICIPANT_ONLY),
    # The participant has no feed yet: the new address is shown on the answer.
    "portal.calendar_create": ("POST", "/my/calendar/new", PARTICIPANT_ONLY),
    "portal.calendar_reset": ("GET", "/my/calendar/reset", PARTICIPANT_ONLY),
    "portal.calendar_revoke": ("GET", "/my/calendar/revoke", PARTICIPANT_ONLY),
    "portal.calendar_feed": ("GET", "/calendar/{feed_secret}.ics", ANYONE),
    "portal.data": ("GET", "/my/data", PARTICIPANT_ONLY),
    "portal.data_download": ("GET", "/my/data/download", PARTICIPANT_ONLY),
    "portal.reminders": ("GET", "/my/reminders", PARTICIPANT_ONLY),
    "portal.reminder_texts": (
        "POST",
        "/my/reminders/texts/stop",
        {**PARTICIPANT_ONLY, "participant": 302},
    ),
    "api.my_schedule": ("GET", "/api/v1/me/schedule", API_PARTICIPANT_ONLY),
    "referrals.case_outcome_letter": (
        "GET",
        "/cases/{case}/outcome-letter",
        {**CASE_PAGES, "admin": 409, "liaison": 409},
    ),
    "attendance.sessions": ("GET", "/sessions", SESSION_PAGES),
    "attendance.roll_call": ("GET", "/sessions/{roll_call_session}/roll-call", SESSION_PAGES),
    # Nothing marked: nothing to save, back to the roll call.
    "attendance.save_roll_call_view": (
        "POST",
        "/sessions/{roll_call_session}/roll-call",
        {**SESSION_PAGES, "admin": 302, "staff": 302},
    ),
    "attendance.make_ups": ("GET", "/enrollments/{roster_enrollment}/make-ups", MAKE_UP_PAGES),
    "attendance.cancel_make_up_view": ("GET", "/make-ups/{booking}/cancel", MAKE_UP_PAGES),
    "api.session_roster": ("GET", "/api/v1/sessions/{roll_call_session}/roster", API_SESSIONS),
    "api.record_attendance": (
        "PUT",
        "/api/v1/sessions/{roll_call_session}/attendance",
        {**API_SESSIONS, "admin": 422, "staff": 422},
    ),
    # Another participant's enrollment is not found, rather than forbidden.
    "api.get_enrollment": (
        "GET",
        "/api/v1/enrollments/{roster_enrollment}",
        {**API_CASES_READ, "participant": 404},
    ),
    "curriculum.cohorts": ("GET", "/cohorts", COHORT_PAGES),
    "curriculum.cohort_detail": ("GET", "/cohorts/{cohort}", COHORT_PAGES),
    # One list for every reader; the coordinator's address leads to it.
    "curriculum.admin_cohorts": ("GET", "/admin/cohorts", {**ADMIN_ONLY, "admin": 302}),
    "curriculum.cohort_new": ("GET", "/admin/cohorts/new", ADMIN_ONLY),
    "curriculum.cohort_cancel": ("GET", "/admin/cohorts/{cohort}/cancel", ADMIN_ONLY),
    "curriculum.session_edit": ("GET", "/admin/sessions/{session}/edit", ADMIN_ONLY),
    "curriculum.session_cancel": ("GET", "/admin/sessions/{session}/cancel", ADMIN_ONLY),
    "curriculum.modules": ("GET", "/admin/modules", ADMIN_ONLY),
    "curriculum.module_new": ("GET", "/admin/modules/new", ADMIN_ONLY),
    "curriculum.module_edit": ("GET", "/admin/modules/{module}/edit", ADMIN_ONLY),
    "curriculum.professionals": ("GET", "/admin/professionals", ADMIN_ONLY),
    "curriculum.professional_new": ("GET", "/admin/professionals/new", ADMIN_ONLY),
    "curriculum.professional_detail": ("GET", "/admin/professionals/{professional}", ADMIN_ONLY),
    # An empty form is refused with the page shown again.
    "curriculum.professional_unavailable_add": (
        "POST",
        "/admin/professionals/{professional}/unavailable",
        {**ADMIN_ONLY, "admin": 422},
    ),
    "curriculum.professional_unavailable_remove": (
        "POST",
        "/admin/professionals/{professional}/unavailable/{unavailable_day}/remove",
        ADMIN_ONLY_POST,
    ),
    "curriculum.professional_login_link": (
        "POST",
        "/admin/professionals/{professional}/login",
        {**ADMIN_ONLY, "admin": 422},
    ),
    # The professional has no login to unlink: refused (409) with the page shown again.
    "curriculum.professional_login_unlink": (
        "POST",
        "/admin/professionals/{professional}/login/remove",
        {**ADMIN_ONLY, "admin": 409},
    ),
    "curriculum.professional_deactivate": (
        "GET",
        "/admin/professionals/{professional}/deactivate",
        ADMIN_ONLY,
    ),
    "curriculum.professional_reactivate": (
        "POST",
        "/admin/professionals/{professional}/reactivate",
        ADMIN_ONLY_POST,
    ),
    "api.create_cohort_endpoint": ("POST", "/api/v1/cohorts", {**API_ADMIN_ONLY, "admin": 422}),
    "api.list_cohorts": ("GET", "/api/v1/cohorts", API_COHORTS_READ),
    "api.get_cohort": ("GET", "/api/v1/cohorts/{cohort}", API_COHORTS_READ),
    "api.me": ("GET", "/api/v1/me", API_EVERY_USER),
    "api.users": ("GET", "/api/v1/users", API_ADMIN_ONLY),
    "api.openapi": ("GET", "/api/v1/openapi.json", ANYONE),
    "api.create_referral_endpoint": (
        "POST",
        "/api/v1/referrals",
        {**API_LIAISON_WRITE, "admin": 422},
    ),
    "api.list_referrals": ("GET", "/api/v1/referrals", API_CASES_READ),
    "api.get_referral": ("GET", "/api/v1/referrals/{case}", API_CASES_READ),
    "api.screen_referral": (
        "POST",
        "/api/v1/referrals/{case}/screen",
        {**API_LIAISON_WRITE, "liaison": 200},
    ),
    "api.consent_referral": ("POST", "/api/v1/referrals/{case}/consent", API_LIAISON_WRITE),
    "api.admit_referral": ("POST", "/api/v1/referrals/{case}/admit", API_LIAISON_WRITE),
    "api.pay_referral": (
        "POST",
        "/api/v1/referrals/{case}/payments",
        {**API_CASES_READ, "admin": 422, "liaison": 422},
    ),
    "api.adjust_fee": ("POST", "/api/v1/referrals/{case}/fee", {**API_ADMIN_ONLY, "admin": 422}),
    "api.enroll_referral": ("POST", "/api/v1/referrals/{case}/enroll", API_LIAISON_WRITE),
    # The world's enrollment holds a valid certificate: issuing again is refused (409).
    "certificates.issue": (
        "POST",
        "/enrollments/{enrollment}/certificate",
        {**CASE_ACTION, "admin": 409, "liaison": 409},
    ),
    # The world's participant holds the certificate; other participants get 404.
    "certificates.download": (
        "GET",
        "/certificates/{certificate}/pdf",
        {**CASE_PAGES, "participant": 200},
    ),
    "certificates.revoke": ("GET", "/certificates/{certificate}/revoke", CASE_PAGES),
    "certificates.cohort_zip": ("GET", "/cohorts/{cohort}/certificates.zip", CASE_PAGES),
    "certificates.verify": ("GET", "/verify/{certificate_code}", ANYONE),
    "api.issue_certificate": (
        "POST",
        "/api/v1/enrollments/{enrollment}/certificate",
        {**API_CASES_READ, "admin": 409, "liaison": 409},
    ),
    "api.certificate_pdf": (
        "GET",
        "/api/v1/certificates/{certificate}/pdf",
        {**API_CASES_READ, "participant": 200},
    ),
    "api.revoke_certificate": (
        "POST",
        "/api/v1/certificates/{certificate}/revoke",
        {**API_CASES_READ, "admin": 422, "liaison": 422},
    ),
    "api.verify_certificate": ("GET", "/api/v1/verify/{certificate_code}", ANYONE),
    "questionnaires.admin_list": ("GET", "/admin/questionnaires", ADMIN_ONLY),
    "questionnaires.admin_detail": ("GET", "/admin/questionnaires/{questionnaire}", ADMIN_ONLY),
    "questionnaires.admin_version": (
        "GET",
        "/admin/questionnaires/{questionnaire}/versions/1",
        ADMIN_ONLY,
    ),
    "questionnaires.admin_item_edit": (
        "GET",
        "/admin/questionnaires/{questionnaire}/items/{question_item}",
        ADMIN_ONLY,
    ),
    "questionnaires.admin_item_new": (
        "GET",
        "/admin/questionnaires/{questionnaire}/items/new",
        ADMIN_ONLY,
    ),
    # The participant answers for their own case only: the address names no case.
    "questionnaires.my_questionnaires": ("GET", "/my/questionnaires", PARTICIPANT_ONLY),
    "questionnaires.my_answer": (
        "GET",
        "/my/questionnaires/intake_profile/intake",
        PARTICIPANT_ONLY,
    ),
    # Staff and researchers never reach a case's questionnaires.
    "questionnaires.case_profile": ("GET", "/cases/{case}/profile", CASE_PAGES),
    # Re-offending follow-ups: liaisons and the coordinator; an empty check is refused.
    "research.case_follow_up_check": ("POST", "/cases/{case}/follow-ups/checks", CASE_ACTION),
    "research.follow_ups_due": ("GET", "/follow-ups/due", CASE_PAGES),
    "research.statistics": ("GET", "/research", STATISTICS),
    "research.export": ("GET", "/research/export.csv?dim=region&by=outcome", STATISTICS),
    "research.budgets": ("GET", "/research/budgets", ADMIN_ONLY),
    "research.reset": ("POST", "/research/budgets/{researcher}/reset", ADMIN_ONLY_POST),
    "api.stats_profile": ("GET", "/api/v1/stats/profile?dims=region,outcome", API_STATISTICS),
    # API parity with the pages (issue 13): with no body, those allowed are refused (422).
    "api.override_referral": (
        "POST",
        "/api/v1/referrals/{case}/override",
        {**API_ADMIN_ONLY, "admin": 422},
    ),
    # The world's case is eligible: it cannot go back to the prosecutor (409).
    "api.return_referral": ("POST", "/api/v1/referrals/{case}/return", API_CASE_CONFLICT),
    "api.withdraw_enrollment": (
        "POST",
        "/api/v1/enrollments/{roster_enrollment}/withdraw",
        API_CASE_INVALID,
    ),
    "api.make_up_options": (
        "GET",
        "/api/v1/enrollments/{roster_enrollment}/make-ups",
        API_MAKE_UPS,
    ),
    "api.book_make_up_endpoint": (
        "POST",
        "/api/v1/enrollments/{roster_enrollment}/make-ups",
        {**API_MAKE_UPS, "admin": 422, "liaison": 422, "staff": 422},
    ),
    # The booking is cancelled already (409).
    "api.cancel_make_up_endpoint": (
        "POST",
        "/api/v1/make-ups/{cancelled_booking}/cancel",
        {**API_MAKE_UPS, "admin": 409, "liaison": 409, "staff": 409},
    ),
    "api.case_follow_ups": ("GET", "/api/v1/referrals/{enrolled_case}/follow-ups", API_CASES_READ),
    "api.schedule_follow_up": (
        "POST",
        "/api/v1/referrals/{enrolled_case}/follow-ups",
        API_CASE_INVALID,
    ),
    "api.set_follow_up_requirement_endpoint": (
        "PUT",
        "/api/v1/referrals/{enrolled_case}/follow-ups/requirements/sexology",
        API_CASE_INVALID,
    ),
    # The staff account teaches the individual session; the liaison does not take attendance.
    "api.record_follow_up_attendance": (
        "PUT",
        "/api/v1/referrals/{follow_up_case}/follow-ups/{follow_up_session}/attendance",
        {**API_SESSIONS, "admin": 422, "staff": 422},
    ),
    "api.cohort_rotation": ("GET", "/api/v1/cohorts/{cohort}/rotation", API_ADMIN_ONLY),
    # The cohort got its proposal when it was created: proposing again needs "replace" (409).
    "api.propose_cohort_rotation": (
        "POST",
        "/api/v1/cohorts/{cohort}/rotation/propose",
        {**API_ADMIN_ONLY, "admin": 409},
    ),
    # Some sessions have nobody: the rotation cannot be confirmed (409).
    "api.confirm_cohort_rotation": (
        "POST",
        "/api/v1/cohorts/{cohort}/rotation",
        {**API_ADMIN_ONLY, "admin": 409},
    ),
    "api.screening_letter_pdf": (
        "GET",
        "/api/v1/referrals/{case}/letters/screening.pdf",
        API_CASES_READ,
    ),
    # The case has no final outcome yet (409).
    "api.outcome_letter_pdf": (
        "GET",
        "/api/v1/referrals/{case}/letters/outcome.pdf",
        API_CASE_CONFLICT,
    ),
    # The world's case is the participant's own; another participant's case is not found.
    "api.case_questionnaires": (
        "GET",
        "/api/v1/referrals/{case}/questionnaires",
        {**API_CASES_READ, "participant": 200},
    ),
    "api.answer_questionnaire": (
        "POST",
        "/api/v1/referrals/{case}/questionnaires/intake_profile/responses",
        {**API_CASE_INVALID, "participant": 422},
    ),
    "api.follow_up_checks_due": ("GET", "/api/v1/follow-up-checks/due", API_CASES_READ),
    "api.case_follow_up_checks": (
        "GET",
        "/api/v1/referrals/{case}/follow-up-checks",
        API_CASES_READ,
    ),
    "api.record_follow_up_check": (
        "POST",
        "/api/v1/referrals/{case}/follow-up-checks",
        API_CASE_INVALID,
    ),
    # Deadline alerts, case notes and documents: liaisons and the coordinator only.
    "coordination.deadline_alerts": ("GET", "/alerts", CASE_PAGES),
    "coordination.case_note_add": ("POST", "/cases/{case}/notes", CASE_ACTION),
    "coordination.case_document_upload": ("POST", "/cases/{case}/documents", CASE_ACTION),
    "coordination.case_document_download": (
        "GET",
        "/cases/{case}/documents/{document}",
        CASE_PAGES,
    ),
}

# Routes on an object of site MTL (a case, cohort, session, professional, enrollment,
# payment, certificate, booking, note, document, account or the site itself): a liaison,
# staff member or admin of site QC gets 404 wherever their role is let in (a role that is
# refused keeps its 403); the province-wide admin, researchers and participants get what
# the matrix above gives.
SITE_SCOPED = {
    "auth.user_detail",
    "auth.user_role",
    "auth.user_deactivate",
    "auth.user_reactivate",
    "auth.user_reset_link",
    "auth.user_token_revoke",
    "sites.site_edit",
    "messages.case_reminders",
    "referrals.case_detail",
    "referrals.case_screen",
    "referrals.case_consent",
    "referrals.case_admit",
    "referrals.case_override",
    "referrals.case_return",
    "referrals.case_close_duplicate",
    "referrals.case_letter",
    "referrals.case_payment",
    "referrals.case_fee_reduce",
    "referrals.case_fee_waive",
    "referrals.case_outcome_letter",
    "curriculum.cohort_rotation",
    "curriculum.cohort_rotation_propose",
    "curriculum.cohort_rotation_confirm",
    "curriculum.session_assign",
    "curriculum.cohort_detail",
    "curriculum.cohort_cancel",
    "curriculum.session_edit",
    "curriculum.session_cancel",
    "curriculum.professional_detail",
    "curriculum.professional_unavailable_add",
    "curriculum.professional_unavailable_remove",
    "curriculum.professional_login_link",
    "curriculum.professional_login_unlink",
    "curriculum.professional_deactivate",
    "curriculum.professional_reactivate",
    "enrollment.case_enroll",
    "enrollment.case_withdraw",
    "enrollment.case_follow_ups",
    "enrollment.case_session_new",
    "enrollment.cohort_enrollments",
    "enrollment.cohort_bulk_enroll",
    "enrollment.cohort_bulk_enroll_review",
    "enrollment.cohort_bulk_enroll_confirm",
    "enrollment.cohort_bulk_withdraw_review",
    "enrollment.cohort_bulk_withdraw",
    "reports.session_roster",
    "reports.payment_receipt",
    "reports.cohort_attendance_csv",
    "portal.session_ics",
    "attendance.roll_call",
    "attendance.save_roll_call_view",
    "attendance.make_ups",
    "attendance.cancel_make_up_view",
    "certificates.issue",
    "certificates.download",
    "certificates.revoke",
    "certificates.cohort_zip",
    "questionnaires.case_profile",
    "research.case_follow_up_check",
    "coordination.case_note_add",
    "coordination.case_document_upload",
    "coordination.case_document_download",
    "api.session_roster",
    "api.record_attendance",
    "api.get_enrollment",
    "api.get_cohort",
    "api.get_referral",
    "api.screen_referral",
    "api.consent_referral",
    "api.admit_referral",
    "api.pay_referral",
    "api.adjust_fee",
    "api.enroll_referral",
    "api.issue_certificate",
    "api.certificate_pdf",
    "api.revoke_certificate",
    "api.override_referral",
    "api.return_referral",
    "api.withdraw_enrollment",
    "api.make_up_options",
    "api.book_make_up_endpoint",
    "api.cancel_make_up_endpoint",
    "api.case_follow_ups",
    "api.schedule_follow_up",
    "api.set_follow_up_requirement_endpoint",
    "api.record_follow_up_attendance",
    "api.cohort_rotation",
    "api.propose_cohort_rotation",
    "api.confirm_cohort_rotation",
    "api.screening_letter_pdf",
    "api.outcome_letter_pdf",
    "api.case_questionnaires",
    "api.answer_questionnaire",
    "api.case_follow_up_checks",
    "api.record_follow_up_check",
    "messages.outbox_retry",
}

# Routes on what belongs to no site: secrets in links, the province-wide certificate
# check, the shared curriculum and questionnaires, researchers' budgets. A user of site
# QC gets what their role gets above.
NOT_SITE_SCOPED = {
    "auth.reset_password",
    "portal.welcome",
    "portal.calendar_feed",
    "certificates.verify",
    "api.verify_certificate",
    "curriculum.module_edit",
    "questionnaires.admin_detail",
    "questionnaires.admin_version",
    "questionnaires.admin_item_edit",
    "questionnaires.admin_item_new",
    "research.reset",
}

# Routes on the province-wide admin's own token or passkey: another admin is a stranger.
OWNED = {
    "auth.revoke_token": {"qc_admin": 403, "qc_liaison": 403, "qc_staff": 403},
    "auth.passkey_remove": {"qc_admin": 404, "qc_liaison": 404, "qc_staff": 404},
}

# Who asks in the two-site matrix: the world's accounts without a site or of every site,
# and the liaison, staff member and admin of site QC (qc_<role>).
OTHER_SITE_ROLES = ("admin", "liaison", "staff")
CROSS_SITE_WHO = ("admin", "researcher", "participant") + tuple(
    f"qc_{role}" for role in OTHER_SITE_ROLES
)


def names_an_object(endpoint):
    """Tell whether the matrix's path of endpoint names an object by id or secret."""
    return "{" in ROUTES[endpoint][1]


def other_site_expectation(endpoint):
    """What each account of CROSS_SITE_WHO gets on endpoint's MTL object."""
    expected = ROUTES[endpoint][2]
    got = {who: expected[who] for who in ("admin", "researcher", "participant")}
    for role in OTHER_SITE_ROLES:
        if endpoint in OWNED:
            got[f"qc_{role}"] = OWNED[endpoint][f"qc_{role}"]
        elif endpoint in SITE_SCOPED:
            got[f"qc_{role}"] = 403 if expected[role] == 403 else 404
        else:
            got[f"qc_{role}"] = expected[role]
    return got


def test_every_route_is_in_the_matrix(app):
    """A new route must say who may reach it."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - ROUTES.keys() == set(), "add these routes to ROUTES"
    assert ROUTES.keys() - endpoints == set(), "these routes no longer exist"


def test_every_route_with_an_object_declares_its_site_behaviour():
    """A new route on an object must say what a user of another site gets."""
    declared = [SITE_SCOPED, NOT_SITE_SCOPED, OWNED.keys()]
    with_objects = {endpoint for endpoint in ROUTES if names_an_object(endpoint)}
    every = set().union(*declared)
    assert with_objects - every == set(), "add these routes to SITE_SCOPED or NOT_SITE_SCOPED"
    assert every - with_objects == set(), "these routes name no object in ROUTES"
    assert sum(len(group) for group in declared) == len(every), "a route is declared twice"


def attendance_objects(users):
    """A session today run by the staff account, an enrollment, and a make-up booking."""
    program = attendance_program
    module = program.make_module("MATRIX")
    cohort, other = program.make_cohort(), program.make_cohort()
    session = program.make_session(
        cohort, module, program.days_ago(0), professional=program.make_professional(users["staff"])
    )
    enrollment = program.enroll(users["liaison"], cohort)
    visitor = program.enroll(users["liaison"], other)
    booking = MakeUpBooking(enrollment_id=visitor.id, session_id=session.id)
    db.session.add(booking)
    db.session.flush()
    return session, enrollment, booking


def follow_up_objects(users, enrollment, session):
    """An individual session today of an enrolled case, taught by the staff account, and a
    make-up booking already cancelled."""
    program = attendance_program
    follow_up = program.make_individual_session(
        enrollment.case, program.days_ago(0), professional=program.make_professional(users["staff"])
    )
    cancelled = MakeUpBooking(enrollment_id=enrollment.id, session_id=session.id)
    cancelled.cancelled_at = cancelled.booked_at = utcnow()
    db.session.add(cancelled)
    db.session.flush()
    return follow_up, cancelled


@pytest.fixture
def world(app):
    """One account per role with an API token, plus objects the routes refer to."""
    users = {role: make_user(role) for role in ROLES}
    tokens = {role: make_token(user) for role, user in users.items()}
    target = make_user("staff")
    target_token = make_token(target)
    reset_secret = create_one_time_link(target, "password_reset", by=users["admin"])
    case = create_referral(
        {"family_name": "Roy", "given_name": "Paul", "birth_date": date(1975, 5, 5)},
        {
            "source": "police",
            "offence_code": "286.1(1)",
            "offence_date": date(2026, 9, 1),
            "court_file": "500-01-000001-261",
        },
        [],
        by=users["liaison"],
    )
    message = queue_message(
        kind="reminder",
        to_address="p@example.org",
        language="fr",
        subject="S",
        body="B",
        case_id=case.id,
    )
    message.status = "failed"
    enrolled_case = admitted_case(users["liaison"])
    enroll(enrolled_case, make_cohort(), by=users["liaison"])
    payment = record_payment(
        enrolled_case,
        "50.00",
        method="cash",
        receipt="R-1",
        paid_on=program_today(),
        by=users["liaison"],
    )
    session = portal_world(case, users)
    invitation_secret = create_one_time_link(
        make_user("participant", password=None), "invitation", by=users["admin"]
    )
    feed_secret = create_calendar_feed(make_user("participant"))
    roll_call_session, roster_enrollment, booking = attendance_objects(users)
    follow_up_session, cancelled_booking = follow_up_objects(users, roster_enrollment, session)
    module = load_default_curriculum()[0]
    professional = create_professional({"name": "Me Roy"}, ["law"], by=users["admin"])
    unavailable_day = add_unavailable_day(
        professional, program_today() + timedelta(days=3), by=users["admin"]
    )
    cohort = create_cohort(
        CohortDraft(
            code="C-1",
            language="fr",
            capacity=10,
            place="Salle 1",
            starts_on=program_today() + timedelta(days=30),
            format="one_day",
        ),
        by=users["admin"],
    )
    profile = load_shipped_questionnaires()[0]
    admin_passkey = Passkey(
        user_id=users["admin"].id, credential_id=b"matrix", public_key=b"key", name="Clé"
    )
    db.session.add(admin_passkey)
    document = upload_document(case, "consent", "consent.pdf", b"%PDF-1.7\n", by=users["liaison"])
    db.session.commit()
    certificate = certificate_row(session_enrollment(case), code="matrixCODE-0123456789")
    return {
        "users": users,
        "tokens": tokens,
        "values": {
            "target": target.id,
            "researcher": users["researcher"].id,
            "target_token": target.tokens[0].id,
            "admin_token": users["admin"].tokens[0].id,
            "reset_secret": reset_secret,
            "case": case.id,
            "message": message.id,
            "enrolled_case": enrolled_case.id,
            "session": session.id,
            "invitation_secret": invitation_secret,
            "feed_secret": feed_secret,
            "enrollment": certificate.enrollment_id,
            "certificate": certificate.id,
            "certificate_code": certificate.verification_code,
            "roll_call_session": roll_call_session.id,
            "roster_enrollment": roster_enrollment.id,
            "booking": booking.id,
            "cancelled_booking": cancelled_booking.id,
            "follow_up_case": roster_enrollment.case_id,
            "follow_up_session": follow_up_session.id,
            "payment": payment.id,
            "module": module.id,
            "professional": professional.id,
            "unavailable_day": unavailable_day.id,
            "cohort": cohort.id,
            "questionnaire": profile.id,
            "question_item": profile.versions[0].items[0].id,
            "admin_passkey": admin_passkey.id,
            "document": document.id,
            "site": find_site(FIRST_SITE).id,
        },
        "target_token_secret": target_token,
    }


def session_enrollment(case):
    """The enrollment the portal's objects gave the case."""
    return db.session.scalar(select(Enrollment).where(Enrollment.case_id == case.id))


def portal_world(case, users):
    """Give the participant account the case, with a seat in a cohort; return a session."""
    case.client.email = users["participant"].email
    db.session.add(ParticipantAccount(user_id=users["participant"].id, client_id=case.client_id))
    module = portal_builders.make_module()
    cohort = portal_builders.make_cohort([module])
    portal_builders.enroll(case, cohort)
    return cohort.sessions[0]


def request_as(app, sign_in, world, who, method, path):
    """Send one request as who: a browser session for pages, a bearer token for the API."""
    client = app.test_client()
    headers = {}
    if who != "anonymous":
        if path.startswith("/api/"):
            headers["Authorization"] = f"Bearer {world['tokens'][who]}"
        else:
            sign_in(world["users"][who], client)
    return client.open(path, method=method, headers=headers)


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_role_as_expected(app, sign_in, world, endpoint):
    """Each role gets exactly the status the matrix gives."""
    method, template, expected = ROUTES[endpoint]
    path = template.format(**world["values"])
    got = {}
    for who in WHO:
        with request_as(app, sign_in, world, who, method, path) as response:
            got[who] = response.status_code
    assert got == expected


def test_browser_session_cookie_does_not_authenticate_the_api(app, sign_in, world):
    """The API takes bearer tokens only, so a page's cookie cannot be used by another site."""
    client = sign_in(world["users"]["admin"], app.test_client())
    assert client.get("/api/v1/me").status_code == 401


def test_forbidden_page_as_json_for_api_and_html_for_browsers(app, sign_in, world):
    """A refusal is JSON under /api/ and a page elsewhere."""
    api = request_as(app, sign_in, world, "researcher", "GET", "/api/v1/users")
    assert api.is_json and api.get_json()["error"] == "forbidden"
    page = request_as(app, sign_in, world, "researcher", "GET", "/admin/users")
    assert page.mimetype == "text/html" and page.status_code == 403


def test_anonymous_browser_is_sent_to_login_with_the_page_to_return_to(client):
    """An anonymous visitor goes to the login page and comes back after."""
    response = client.get("/admin/audit?outcome=failure")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=/admin/audit")


@pytest.fixture
def other_site(world):
    """Site QC with its admin, liaison and staff member, once the world of MTL exists.

    The world's rows are written while MTL is the only site; QC comes after, so every
    object the routes name belongs to MTL.
    """
    quebec = make_site("QC", "Québec")
    for role in OTHER_SITE_ROLES:
        user = make_user(role, site=quebec)
        world["users"][f"qc_{role}"] = user
        world["tokens"][f"qc_{role}"] = make_token(user)
    return quebec


@pytest.mark.parametrize("endpoint", sorted(SITE_SCOPED | NOT_SITE_SCOPED | OWNED.keys()))
def test_route_answers_users_of_another_site_as_expected(app, sign_in, world, other_site, endpoint):
    """A user of site QC gets 404 on MTL's objects; the province-wide reach them as before."""
    method, template, _expected = ROUTES[endpoint]
    path = template.format(**world["values"])
    got = {}
    for who in CROSS_SITE_WHO:
        with request_as(app, sign_in, world, who, method, path) as response:
            got[who] = response.status_code
    assert got == other_site_expectation(endpoint)


def test_site_admin_cannot_edit_another_site_but_can_edit_their_own(
    app, sign_in, world, other_site
):
    """The admin of QC gets 404 on MTL's site page and 200 on QC's."""
    client = sign_in(world["users"]["qc_admin"], app.test_client())
    assert client.get(f"/admin/sites/{world['values']['site']}/edit").status_code == 404
    assert client.get(f"/admin/sites/{other_site.id}/edit").status_code == 200
