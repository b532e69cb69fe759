# Copy to instance/config.py and adjust; JOHNSCHOOL_* environment variables override it.
# `make run` writes a config.py with a fresh secret key for local use.

SECRET_KEY = "replace with the output of: python -c 'import secrets; print(secrets.token_hex(32))'"

# PostgreSQL in production (psycopg 3); the default is instance/johnschool.db.
# DATABASE_URL = "postgresql://johnschool@db.internal/johnschool"

# Served over plain HTTP on 127.0.0.1 only: cookies without the Secure flag.
# Never set this to False behind HTTPS.
# SESSION_COOKIE_SECURE = False

# Behind one reverse proxy that sets X-Forwarded-For and X-Forwarded-Proto:
# PROXY_COUNT = 1

# Shared rate-limit storage when several processes or hosts serve the app:
# RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
