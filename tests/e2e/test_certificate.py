"""A certificate in the browser: its holder downloads it, a stranger verifies it.

The certificate is issued through the service in the live server's database (the roll
call and the portal pages belong to other parts of the app): a complete enrollment of a
client tied to the demo participant's account.
"""

import json
import secrets
import string
import subprocess
import sys
from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .accessibility import assert_accessible
from .conftest import REPO_ROOT, server_environment
from .pages import ACCOUNTS, log_in

pytestmark = pytest.mark.e2e

SEED = """
import json, sys
from johnschool import create_app
from johnschool.auth.models import User
from johnschool.certificates.services import issue_certificate
from johnschool.demo import rows_filed_under
from johnschool.extensions import db
from johnschool.portal.models import ParticipantAccount
from tests.certificates.helpers import enroll, enrolled_case, make_cohort

family_name, given_name, email = sys.argv[1:4]
app = create_app()
with app.app_context():
    liaison = db.session.scalar(db.select(User).where(User.role == "liaison"))
    with rows_filed_under(liaison.site):
        case = enrolled_case(liaison, family_name, given_name)
        enrollment = enroll(case, make_cohort(), by=liaison)
    participant = db.session.scalar(db.select(User).where(User.email == email))
    account = db.session.scalar(
        db.select(ParticipantAccount).where(ParticipantAccount.user_id == participant.id)
    )
    if account is None:
        db.session.add(ParticipantAccount(user_id=participant.id, client_id=case.client_id))
    else:
        account.client_id = case.client_id
    certificate = issue_certificate(enrollment, by=liaison)
    db.session.commit()
    print(json.dumps({"id": certificate.id, "code": certificate.verification_code,
                      "serial": certificate.serial}))
"""


def unique_word():
    """A name made of letters only, different on every run."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(8)).capitalize()


@pytest.fixture
def certificate(live_server):
    """Issue a certificate to the demo participant in the live server's database."""
    family_name, given_name = f"Nguyễn{unique_word().lower()}", "Łukasz"
    result = subprocess.run(
        [sys.executable, "-c", SEED, family_name, given_name, ACCOUNTS["participant"].email],
        cwd=REPO_ROOT,
        env=server_environment(live_server.database.parent),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {**json.loads(result.stdout), "name": f"{given_name} {family_name}"}


def test_participant_downloads_their_certificate(page, certificate):
    log_in(page, ACCOUNTS["participant"])
    response = page.request.get(f"/certificates/{certificate['id']}/pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert (
        f'filename="attestation-{certificate["serial"]}.pdf"'
        in (response.headers["content-disposition"])
    )
    text = PdfReader(BytesIO(response.body())).pages[0].extract_text()
    assert certificate["name"] in text and certificate["serial"] in text


def test_anonymous_visitor_verifies_the_certificate_and_confirms_the_name(page, certificate):
    page.goto(f"/verify/{certificate['code']}")
    assert_accessible(page)
    main = page.locator("main")
    expect(main).to_contain_text(certificate["serial"])
    expect(main).to_contain_text("Ł. N.")
    expect(main).not_to_contain_text(certificate["name"])
    # Typed without accents and in lower case: still the holder's name.
    page.locator("input[name=name]").fill(
        certificate["name"].lower().replace("ł", "l").replace("ễ", "e")
    )
    page.locator("main button[type=submit]").click()
    expect(main).to_contain_text(certificate["name"])
    assert_accessible(page)
