"""Running a checked query: the job, its answer, and the query process that computes it.

pyoxigraph cannot interrupt a query from Python, so queries run in *query processes* that can be
killed. A query process is forked from a *zygote*: a single-threaded process forked once from the
server before its workers start, holding the loaded store (shared copy-on-write). Web workers ask
the zygote for query processes over a SOCK_SEQPACKET socket, passing one end of a socketpair
(SCM_RIGHTS); the new process answers jobs on it until it is killed or the worker goes away.

A query process: dies with the zygote, cannot open sockets, has a memory budget, and sets an
alarm per job whose default action kills it even in the middle of Rust code.

A query that runs past ``pool.QUICK_SECONDS`` is slow: the web worker tells the zygote, which moves
its process to the idle scheduling class and lets at most ``SLOW_AT_ONCE`` slow queries (of all
workers) run at once; the others wait stopped, first come first continued (``SlowQueries``).
When it has answered, the zygote gives the process its priority back and the worker keeps it,
where the system permits (``Zygote.done``); elsewhere the worker closes it.
"""

from __future__ import annotations

import collections
import contextlib
import faulthandler
import functools
import os
import pickle
import resource
import select
import signal
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from ..negotiation import ALL_FORMATS, Format
from . import sandbox
from .results import serialize

_HEADER = struct.Struct("!Q")
#: How often the zygote adds up its query processes' memory against the total budget.
WATCH_SECONDS = 0.25
#: The capability that lets a process leave the idle scheduling class (linux/capability.h).
CAP_SYS_NICE = 23
#: How often it looks for ended query processes while slow queries wait for one to end.
ADMIT_SECONDS = 0.01
#: Slow queries that run at once: one per CPU. Eight aggregates on two cores each cost ~15% more
#: CPU than two at a time, and all finish together, near the time limit, instead of in turn
#: (benchmarks/results/endpoint-aggregate.jsonl).
SLOW_AT_ONCE = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


@dataclass(frozen=True)
class Job:
    """A checked query and how to answer it."""

    query: str
    format_name: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    prefixes: tuple[tuple[str, str], ...] = ()  # predeclared for the query
    max_rows: int = 100_000
    timeout: float = 30.0
    truncated_link: str = ""


@dataclass
class Answer:
    body: bytes = b""
    truncated: bool = False
    #: "syntax" (the engine rejected the query: 400), "evaluation" (failed while running: 500).
    error: str | None = None
    message: str = ""


_FIELDS = {kind: tuple(f.name for f in fields(kind)) for kind in (Job, Answer)}


def format_named(name: str) -> Format:
    return next(f for f in ALL_FORMATS if f.name == name)


def answer(store: Any, job: Job) -> Answer:
    """Run one job against a store with a ``query`` method; errors become an Answer."""
    try:
        result = store.query(
            job.query,
            default_graphs=list(job.default_graphs) or None,
            named_graphs=list(job.named_graphs) or None,
            prefixes=dict(job.prefixes) or None,
        )
        body, truncated = serialize(
            result, format_named(job.format_name), job.max_rows, job.truncated_link
        )
    except SyntaxError as error:
        return Answer(error="syntax", message=f"query syntax: {error.msg}")
    except MemoryError:
        return Answer(error="memory", message="the query needed more memory than its budget")
    except (OSError, ValueError, TypeError, RuntimeError) as error:
        return Answer(error="evaluation", message=f"the query failed: {error}")
    return Answer(body=body, truncated=truncated)


def as_message(record: Job | Answer) -> tuple[Any, ...]:
    """A job or answer as the tuple of its fields: pickled 7x faster than the dataclass."""
    return tuple(getattr(record, name) for name in _FIELDS[type(record)])


def send(channel: socket.socket, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    channel.sendall(_HEADER.pack(len(data)) + data)


def receive(channel: socket.socket) -> Any:
    """One message; EOFError when the other end is gone.

    Each side sends one message and then waits for the other's, so a read never takes in the
    start of a next message: the first read takes the header and, usually, the whole message.
    """
    data = channel.recv(1 << 16)
    if len(data) < _HEADER.size:
        data += _read_exactly(channel, _HEADER.size - len(data))
    (size,) = _HEADER.unpack_from(data)
    missing = _HEADER.size + size - len(data)
    if missing > 0:
        data += _read_exactly(channel, missing)
    return pickle.loads(memoryview(data)[_HEADER.size :])  # noqa: S301 (our own processes only)


def _read_exactly(channel: socket.socket, size: int) -> bytes:
    chunks, remaining = [], size
    while remaining:
        chunk = channel.recv(min(remaining, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class Zygote:
    """The forking parent of query processes; start it before the server forks its workers."""

    def __init__(
        self,
        open_store: Callable[[], Any],
        memory_budget: int,
        total_budget: int = 0,
        slow_at_once: int | None = SLOW_AT_ONCE,
    ) -> None:
        #: Called in each query process: returns the inherited in-memory store, or opens the
        #: on-disk one anew (a RocksDB handle does not survive fork: its threads stay behind).
        self.open_store = open_store
        self.memory_budget = memory_budget  # address space one query process may add
        self.total_budget = total_budget  # private memory of all query processes; 0: no cap
        self.slow_at_once = slow_at_once or 1
        self.requests: socket.socket | None = None
        self.pid = 0

    def start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        pid = os.fork()
        if pid == 0:  # pragma: no cover (runs in the child)
            ours.close()
            try:
                self._serve(theirs)
            finally:
                os._exit(0)
        theirs.close()
        self.requests, self.pid = ours, pid

    def spawn(self) -> tuple[socket.socket, int]:
        """A new query process: the channel to it and its pid."""
        assert self.requests is not None, "Zygote.start() was not called"
        ours, theirs = socket.socketpair()
        try:
            socket.send_fds(self.requests, [b"spawn"], [theirs.fileno()])
            pid = int(receive(ours))
        except (OSError, EOFError):  # the zygote is gone (a server stopping)
            ours.close()
            raise OSError("the zygote does not answer") from None
        finally:
            theirs.close()
        return ours, pid

    def slow(self, pid: int) -> None:
        """Its query process runs a slow query: the zygote demotes it, and stops it while
        ``slow_at_once`` others run."""
        if self.requests is not None:
            with contextlib.suppress(OSError):  # the zygote is gone (a server stopping)
                self.requests.send(b"slow %d" % pid)

    def done(self, pid: int) -> bool:
        """Its slow query has been answered: whether the process may answer the next one (it
        keeps its store open and its cache warm; a new process and a cold cache cost a
        whole-graph aggregate more CPU). Where the zygote may give it its priority back, it
        does, and frees its slot; where it may not, the caller closes it, and its end frees
        the slot."""
        if not may_promote() or self.requests is None:
            return False
        try:
            self.requests.send(b"done %d" % pid)
        except OSError:  # the zygote is gone (a server stopping)
            return False
        return True

    def stop(self) -> None:
        if self.requests is not None:
            self.requests.close()
            self.requests = None
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = 0

    def _serve(self, requests: socket.socket) -> None:  # pragma: no cover (child)
        sandbox.die_with_parent()
        sandbox.reset_signals()
        children: set[int] = set()
        slow = SlowQueries(self.slow_at_once)
        watched = time.monotonic()
        while True:
            for pid in reap(children):
                slow.ended(pid)
            if self.total_budget and time.monotonic() - watched >= WATCH_SECONDS:
                enforce_total(children, self.total_budget)
                watched = time.monotonic()
            wait = ADMIT_SECONDS if slow.waiting else WATCH_SECONDS
            if not select.select([requests], [], [], wait)[0]:
                continue
            try:
                message, fds, _, _ = socket.recv_fds(requests, 64, 1)
            except OSError:
                return
            if message[:5] in (b"slow ", b"done ") and not fds:
                pid = int(message[5:])
                if message.startswith(b"done "):  # after its "slow": one socket, in order
                    slow.ended(pid)
                    if not promote(pid):  # no idle-class process may answer a quick query
                        _signal(pid, signal.SIGKILL)
                elif pid in children:  # not one that has ended (and been reaped) meanwhile
                    slow.add(pid)
                continue
            if not message or not fds:
                return
            pid = os.fork()
            if pid == 0:
                requests.close()
                _query_process(socket.socket(fileno=fds[0]), self.open_store, self.memory_budget)
            children.add(pid)
            os.close(fds[0])


def reap(children: set[int]) -> list[int]:  # pragma: no cover (zygote)
    """Wait for the query processes that ended (returned): no zombies, and their CPU time is
    added to the zygote's own account of its children (``/proc/PID/stat``'s cutime and cstime,
    what the benchmarks read; a kernel that reaps them itself, SIGCHLD ignored, adds it nowhere)."""
    ended: list[int] = []
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return ended
        if not pid:
            return ended
        children.discard(pid)
        ended.append(pid)


class SlowQueries:
    """The zygote's slow queries: each is demoted; at most ``at_once`` run, the others are
    stopped (SIGSTOP) and continued in their order as running ones end. A stopped query costs
    nothing but its time, which its time limit still counts (the worker kills it at the limit,
    stopped or not); a query that ends is reaped, and its slot passes on within ADMIT_SECONDS."""

    def __init__(self, at_once: int) -> None:
        self.at_once = at_once
        self.running: set[int] = set()
        self.waiting: collections.deque[int] = collections.deque()

    def add(self, pid: int) -> None:
        demote(pid)
        if len(self.running) < self.at_once:
            self.running.add(pid)
        else:
            _signal(pid, signal.SIGSTOP)
            self.waiting.append(pid)

    def ended(self, pid: int) -> None:
        """Its process ended, or answered (it may have been stopped just after: continued)."""
        self.running.discard(pid)
        if pid in self.waiting:
            self.waiting.remove(pid)
            _signal(pid, signal.SIGCONT)
        while self.waiting and len(self.running) < self.at_once:
            pid = self.waiting.popleft()
            _signal(pid, signal.SIGCONT)
            self.running.add(pid)


def demote(pid: int) -> None:
    """Move a slow query's process to the idle scheduling class: it runs only on a CPU nothing
    else wants. Nice 19 was not enough: twenty such processes together still weigh 300 against
    a web worker's 1024 on Linux, and delayed pages (benchmarks/README.md, "Under attack")."""
    with contextlib.suppress(OSError):
        os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))


@functools.cache
def may_promote() -> bool:
    """Whether this process may take a process out of the idle scheduling class: it has
    CAP_SYS_NICE, or a nice limit (RLIMIT_NICE) that allows nice 0."""
    soft = resource.getrlimit(resource.RLIMIT_NICE)[0]
    if soft == resource.RLIM_INFINITY or soft >= 20:
        return True
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            caps = next((line.split()[1] for line in status if line.startswith("CapEff:")), "0")
    except OSError:
        return False
    return bool(int(caps, 16) >> CAP_SYS_NICE & 1)


def promote(pid: int) -> bool:
    """Give a demoted process its normal priority back; False where that is not permitted
    (leaving the idle class needs CAP_SYS_NICE or a nice limit, RLIMIT_NICE, that allows 0)."""
    try:
        os.sched_setscheduler(pid, os.SCHED_OTHER, os.sched_param(0))
    except OSError:
        return False
    return True


def _signal(pid: int, number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, number)


def enforce_total(children: set[int], budget: int) -> None:  # pragma: no cover (zygote)
    """Kill the largest query processes while all of them together hold more private memory
    than ``budget``: each has its own budget, but 64 at 1 GB each would still be too much.
    The web worker sees its process end and answers that the query ran out of memory."""
    sizes = {}
    for pid in list(children):
        size = private_memory(pid)
        if size is None:
            children.discard(pid)  # ended
        else:
            sizes[pid] = size
    total = sum(sizes.values())
    for pid in sorted(sizes, key=sizes.__getitem__, reverse=True):
        if total <= budget:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        total -= sizes[pid]


def private_memory(pid: int) -> int | None:
    """Bytes only this process holds (what killing it frees); None if it has ended."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            lines = rollup.read().splitlines()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    kib = sum(int(line.split()[1]) for line in lines if line.startswith(b"Private_"))
    return kib * 1024


def _query_process(
    channel: socket.socket, open_store: Callable[[], Any], budget: int
) -> None:  # pragma: no cover (child)
    try:
        sandbox.die_with_parent()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        faulthandler.disable()  # an engine crash here is expected and reported by the worker
        store = open_store()
        sandbox.deny_network()
        sandbox.limit_memory(budget)
        send(channel, os.getpid())
        while True:
            job = Job(*receive(channel))
            signal.setitimer(signal.ITIMER_REAL, job.timeout)
            result = answer(store, job)
            signal.setitimer(signal.ITIMER_REAL, 0)
            send(channel, as_message(result))
    except (EOFError, OSError):
        pass
    finally:
        os._exit(0)
