"""WSGI entry point for gunicorn: gunicorn wsgi:app."""

from johnschool import create_app

app = create_app()
