"""Checking what clients send to ``/reconcile`` before anything runs: query batches and data
extension queries must have the shapes of the 0.2 JSON schemas, and a batch has a size limit.
A ``RequestError`` says what is wrong and where (which query, which field): a 400."""

from __future__ import annotations

import json
from typing import Any

#: Most queries in one batch (the manifest's batchSize).
MAX_BATCH = 100


class RequestError(ValueError):
    """A request the service cannot answer: the message says what is wrong (a 400)."""


def check_batch(batch: Any) -> dict[str, dict[str, Any]]:
    """A query batch as the 0.2 schema describes it, or a RequestError naming the query."""
    if not isinstance(batch, dict):
        raise RequestError("queries: expected a JSON object of queries keyed by id")
    if not batch:
        raise RequestError("queries: the batch is empty")
    if len(batch) > MAX_BATCH:
        raise RequestError(f"queries: {len(batch)} queries, at most {MAX_BATCH} in one batch")
    for key, query in batch.items():
        if not isinstance(query, dict):
            raise RequestError(f"query {key!r}: expected a JSON object")
        extra = set(query) - {"query", "type", "limit", "properties", "type_strict"}
        if extra:
            raise RequestError(f"query {key!r}: unknown field {sorted(extra)[0]!r}")
        text, props, limit = query.get("query"), query.get("properties"), query.get("limit")
        if text is not None and not isinstance(text, str):
            raise RequestError(f"query {key!r}: 'query' must be a string")
        if not (text and text.strip()) and not props:
            raise RequestError(f"query {key!r}: give a non-empty 'query' or 'properties'")
        if limit is not None and (
            not isinstance(limit, int) or isinstance(limit, bool) or limit < 1
        ):
            raise RequestError(f"query {key!r}: 'limit' must be a positive integer")
        types = query.get("type")
        if types is not None and not (
            isinstance(types, str)
            or (isinstance(types, list) and all(isinstance(t, str) for t in types))
        ):
            raise RequestError(f"query {key!r}: 'type' must be a type id or a list of them")
        if props is not None and not (
            isinstance(props, list)
            and all(isinstance(p, dict) and "pid" in p and "v" in p for p in props)
        ):
            raise RequestError(f"query {key!r}: 'properties' must be a list of {{pid, v}} objects")
    return batch


def check_extend(request: Any) -> dict[str, Any]:
    """A data extension query as the 0.2 schema describes it, or a RequestError."""
    if not (
        isinstance(request, dict)
        and isinstance(request.get("ids"), list)
        and all(isinstance(i, str) for i in request["ids"])
        and isinstance(request.get("properties"), list)
        and all(isinstance(p, dict) and isinstance(p.get("id"), str) for p in request["properties"])
    ):
        raise RequestError('extend: expected {"ids": [id, ...], "properties": [{"id": ...}, ...]}')
    return request


def parse_json(text: str | None, field: str) -> Any:
    """The JSON in form field ``field``; a RequestError saying where it is malformed."""
    if not text:
        raise RequestError(f"{field}: missing")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RequestError(
            f"{field}: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
