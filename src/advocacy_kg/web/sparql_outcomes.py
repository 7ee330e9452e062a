"""What the SPARQL endpoint decides and answers, free of Flask: a ``Plan`` (a checked query and
its format) and its ``Outcome`` (status, body, headers). The Flask view (``sparql.py``), the
direct WSGI path (``sparql_direct.py``), the event-loop path (``native.py``) and the HTTP cache
(``caching.py``) all speak these, so none of them needs another's module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..negotiation import Format
from ..sparql import CheckedQuery, QueryProcessDied, QueryTimeout, SparqlService
from ..sparql.execution import Answer, Job
from .errors import PLAIN, plain_text


@dataclass(frozen=True)
class ProtocolRequest:
    query: str | None
    default_graphs: list[str]
    named_graphs: list[str]


@dataclass(frozen=True)
class Plan:
    """A request decided: run this checked query and answer in this format."""

    checked: CheckedQuery
    fmt: Format
    protocol: ProtocolRequest
    link: str  # where a capped answer points: the limits on the query page


@dataclass(frozen=True)
class Outcome:
    """A response, free of Flask: the direct path (``sparql_direct.py``) writes it too."""

    status: int
    body: bytes
    content_type: str
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def text(cls, status: int, message: str) -> Outcome:
        return cls(status, plain_text(message), PLAIN)


def job(sparql: SparqlService, plan: Plan) -> Job:
    protocol = plan.protocol
    return sparql.job(
        plan.checked, plan.fmt, protocol.default_graphs, protocol.named_graphs, plan.link
    )


def execute(sparql: SparqlService, plan: Plan) -> Outcome:
    """Run a planned query with its limits; every way it can end, as status, body and headers."""
    try:
        answer = sparql.executor.run(job(sparql, plan))
    except (QueryTimeout, QueryProcessDied) as stopped:
        return stopped_outcome(sparql, stopped)
    return answered(sparql, plan, answer)


async def execute_async(sparql: SparqlService, plan: Plan) -> Outcome:
    """``execute`` from an event loop (``native.py``): the same limits and outcomes."""
    try:
        answer = await sparql.executor.run_async(job(sparql, plan))
    except (QueryTimeout, QueryProcessDied) as stopped:
        return stopped_outcome(sparql, stopped)
    return answered(sparql, plan, answer)


def stopped_outcome(sparql: SparqlService, stopped: QueryTimeout | QueryProcessDied) -> Outcome:
    if isinstance(stopped, QueryTimeout):
        seconds = sparql.settings.timeout
        return Outcome.text(
            503, f"the query was stopped: it ran longer than the time limit of {seconds:g} s"
        )
    return Outcome.text(
        500,
        "the query was stopped: it needed more memory than its budget of "
        f"{sparql.settings.memory_mb} MB, or than the {sparql.settings.total_memory_mb} MB "
        "all queries share (or crashed the query engine)",
    )


def answered(sparql: SparqlService, plan: Plan, answer: Answer) -> Outcome:
    if answer.error == "syntax":
        return Outcome.text(400, answer.message)
    if answer.error:
        return Outcome.text(500, answer.message)
    headers = [("X-SPARQL-MaxRows", str(sparql.settings.max_rows))] if answer.truncated else []
    return Outcome(200, answer.body, plan.fmt.content_type, headers)
