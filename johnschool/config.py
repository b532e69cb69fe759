"""Configuration defaults; instance/config.py and JOHNSCHOOL_* variables override them."""

from datetime import timedelta


class Defaults:
    """Settings every deployment starts from."""

    SECRET_KEY = None
    DATABASE_URL = None  # None: an SQLite file in the instance folder

    # Sessions and cookies
    SESSION_COOKIE_NAME = "js_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # The server enforces the idle and absolute limits (security.py); the cookie is
    # sent again only when the session changes, at most every 30 seconds.
    SESSION_REFRESH_EACH_REQUEST = False
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    WTF_CSRF_SSL_STRICT = True

    # Login protection
    LOGIN_RATE_LIMIT = "20 per minute;200 per hour"
    # Public certificate verification, per address (page and API together)
    VERIFY_RATE_LIMIT = "30 per minute"
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_DURATION = timedelta(minutes=15)
    PASSWORD_MIN_LENGTH = 12
    ONE_TIME_LINK_LIFETIME = timedelta(hours=48)

    # Two-step sign-in: the roles that must have a second factor (others may opt in),
    # how long the step after the password stays open, and the name authenticator apps
    # show for the account (neutral, like the email sender).
    MFA_REQUIRED_ROLES = ("admin", "liaison", "staff")
    MFA_STEP_LIFETIME = timedelta(minutes=5)
    MFA_ISSUER = "Programme de formation"
    # Passkeys (WebAuthn): the site's domain and origin; None takes them from PUBLIC_URL,
    # else from the request.
    WEBAUTHN_RP_ID = None
    WEBAUTHN_ORIGIN = None

    # Rate-limit storage: memory by default, Redis when configured (redis://host:6379)
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True

    # Language and time
    BABEL_DEFAULT_LOCALE = "fr"
    LANGUAGES = ("fr", "en")
    PROGRAM_TIMEZONE = "America/Toronto"
    BABEL_DEFAULT_TIMEZONE = "America/Toronto"

    # Behind a reverse proxy: how many proxies set X-Forwarded-* headers
    PROXY_COUNT = 0

    # Program fee assessed at admission, in dollars (often directed to services for
    # exploited women); the coordinator reduces or waives it case by case.
    DEFAULT_FEE = "300.00"

    # Outgoing email. With no MAIL_SERVER, messages are written as .eml files under
    # instance/outbox/ (development); the sender never says what the program is about.
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting
    MAIL_USE_SSL = False  # TLS from the start (port 465)
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_SENDER = "Programme de formation <no-reply@localhost>"
    # The sender of English messages, e.g. "Training program <…>"; None: MAIL_SENDER.
    MAIL_SENDER_EN = None
    MAIL_TIMEOUT = 10  # seconds, per network operation
    NOTIFY_MAX_ATTEMPTS = 8  # then the message is marked failed
    # The address participants reach the app at, e.g. https://portal.example.org: links
    # in email and the verification address printed on certificates are built on it
    # (never on the request's Host header). Unset: the request's address, or SERVER_NAME
    # and PREFERRED_URL_SCHEME outside a request.
    PUBLIC_URL = None

    # The audit sealer leaves entries younger than this for its next round: room for the
    # flush after created_at and for clocks that differ (audit/sealer.py).
    AUDIT_SEAL_MARGIN_SECONDS = 5

    PER_PAGE = 25
    # The largest request: a document of DOCUMENT_MAX_BYTES and the rest of its form.
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024

    # Case documents (signed consent, court papers): kept outside the database.
    # "local": files under DOCUMENT_STORAGE_PATH (None: instance/documents/).
    # "s3": objects in DOCUMENT_S3_BUCKET, under DOCUMENT_S3_PREFIX, at DOCUMENT_S3_ENDPOINT_URL
    # for a store other than AWS; credentials from boto3's chain (environment, instance role).
    DOCUMENT_STORAGE = "local"
    DOCUMENT_STORAGE_PATH = None
    DOCUMENT_S3_BUCKET = None
    DOCUMENT_S3_PREFIX = "documents/"
    DOCUMENT_S3_ENDPOINT_URL = None
    DOCUMENT_S3_REGION = None
    DOCUMENT_S3_SERVER_SIDE_ENCRYPTION = None  # e.g. "AES256" where the store supports it
    # The largest document accepted; its upload form may send this much and a little more.
    DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

    # Text messages: "file" writes them under instance/outbox/ (development); "twilio"
    # sends them through Twilio with the three settings below. Numbers without a country
    # code are read as numbers of SMS_DEFAULT_REGION.
    SMS_PROVIDER = "file"
    SMS_DEFAULT_REGION = "CA"
    TWILIO_ACCOUNT_SID = None
    TWILIO_AUTH_TOKEN = None  # also checks the signature of replies (STOP, START)
    TWILIO_FROM = None  # the sending number, in E.164 form
