"""The web UI and JSON API (FastAPI): server-rendered pages, API, auth, CSRF, i18n."""
