"""Headers every response gets: ``X-Content-Type-Options: nosniff``, a Content-Security-Policy
on HTML (a view may set a looser one of its own first), and CORS only for configured origins.

CORS (``CORS_ORIGINS``): off by default; a list of origins, each echoed back when it asks, or
``["*"]`` for any origin. Credentials are never allowed, so ``*`` never meets credentials.
"""

from __future__ import annotations

from flask import Flask, Response, request

#: The policy of HTML pages: nothing inline, nothing from elsewhere.
STRICT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
CORS_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = "Accept, Content-Type, If-None-Match"  # If-None-Match: revalidation (caching.py)


CORS_KEY = "advocacy_kg.cors_origins"


def install(app: Flask) -> None:
    app.extensions[CORS_KEY] = cors_origins(app.config.get("CORS_ORIGINS"))  # read once
    app.after_request(secure_headers)


def cors_origins(value: object) -> list[str]:
    """The setting as a list: a list, or a comma-separated string (environment variables)."""
    if isinstance(value, str):
        return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
    if isinstance(value, list | tuple):
        return [str(origin).rstrip("/") for origin in value]
    return []


def secure_headers(response: Response) -> Response:
    from flask import current_app

    if response.mimetype in ("text/html", "application/xhtml+xml"):
        response.headers.setdefault("Content-Security-Policy", STRICT_CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
    allowed: list[str] = current_app.extensions[CORS_KEY]
    response.headers.pop("Access-Control-Allow-Credentials", None)
    for name, value in common_headers(request.headers.get("Origin"), request.method, allowed):
        if name == "Vary":
            response.vary.add(value)
        else:
            response.headers[name] = value
    return response


def common_headers(origin: str | None, method: str, allowed: list[str]) -> list[tuple[str, str]]:
    """The headers of every response but HTML's own: ``secure_headers`` adds them to Flask's
    responses, the direct query paths (``sparql_direct.py``, ``native.py``) write them."""
    vary = [("Vary", "Origin")] if allowed else []
    return [("X-Content-Type-Options", "nosniff"), *vary, *cors_headers(origin, method, allowed)]


def cors_headers(origin: str | None, method: str, allowed: list[str]) -> list[tuple[str, str]]:
    """The CORS headers for a request from ``origin``: none unless it is allowed."""
    if not (origin and allowed and ("*" in allowed or origin.rstrip("/") in allowed)):
        return []
    headers = [
        ("Access-Control-Allow-Origin", "*" if "*" in allowed else origin),
        ("Access-Control-Expose-Headers", "X-SPARQL-MaxRows, ETag, Cache-Status"),
    ]
    if method == "OPTIONS":
        headers += [
            ("Access-Control-Allow-Methods", CORS_METHODS),
            ("Access-Control-Allow-Headers", CORS_HEADERS),
            ("Access-Control-Max-Age", "600"),
        ]
    return headers
