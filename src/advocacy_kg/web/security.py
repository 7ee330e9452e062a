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
CORS_HEADERS = "Accept, Content-Type"


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

    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype in ("text/html", "application/xhtml+xml"):
        response.headers.setdefault("Content-Security-Policy", STRICT_CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
    origin = request.headers.get("Origin")
    allowed: list[str] = current_app.extensions[CORS_KEY]
    if allowed:
        response.vary.add("Origin")
    if origin and allowed and ("*" in allowed or origin.rstrip("/") in allowed):
        response.headers["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
        response.headers.pop("Access-Control-Allow-Credentials", None)
        response.headers["Access-Control-Expose-Headers"] = "X-SPARQL-MaxRows"
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
            response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
    return response
