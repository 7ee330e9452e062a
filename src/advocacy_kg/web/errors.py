"""Errors as HTTP clients expect them: the status, and a plain-text message saying what went
wrong and where. Never a traceback: an unexpected error is logged here and answered with 500
and a generic message."""

from __future__ import annotations

from flask import Flask, Response, current_app
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as BaseResponse


def install(app: Flask) -> None:
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected_error)


PLAIN = "text/plain; charset=utf-8"


def plain_text(message: str) -> bytes:
    return (message.rstrip("\n") + "\n").encode("utf-8")


def plain(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    response = Response(plain_text(message), status, content_type=PLAIN)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def error_message(error: HTTPException) -> str:
    """The one line an HTTP error is answered with (the direct query paths write it too)."""
    return f"{error.code} {error.name}: {error.description}"


def http_error(error: HTTPException) -> BaseResponse:
    if error.code is None or error.code < 400:  # redirects and the like pass through
        return error.get_response()
    response = plain(error.code, error_message(error))
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def unexpected_error(error: Exception) -> BaseResponse:
    current_app.logger.exception("unexpected error")  # the traceback stays in the server log
    return http_error(InternalServerError())
