"""Settings for applications built by the tests."""

import os


def settings_for_tests(database_url, instance_path, **overrides):
    """Settings for an application under test."""
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test secret key, not for production",
        "DATABASE_URL": database_url,
        "SESSION_COOKIE_SECURE": False,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        # Accounts made by the factories have no second factor; the tests of the two-step
        # sign-in (tests/auth/test_mfa_*.py) require it for the default roles again.
        "MFA_REQUIRED_ROLES": (),
        "AUDIT_SEAL_MARGIN_SECONDS": 0,  # seal what a test has just written
    }
    settings.update(overrides)
    os.environ["JOHNSCHOOL_INSTANCE_PATH"] = str(instance_path)
    return settings
