"""The web worker's side of query execution: hand a job to a query process, wait for its answer
at most the time limit, and kill the process when it runs over.

Each request thread takes an idle query process (or has the zygote make one), so several slow
queries never hold up a quick one: each has its own process, and the web thread only waits on a
socket. A query still running after QUICK_SECONDS is slow: the zygote moves it to the idle
scheduling class, so that slow queries do not take the CPUs from quick ones either, and runs
only as many slow queries at once as there are CPUs (``execution.SlowQueries``). A killed
process is simply replaced on the next request. ``run_async`` does the same from an event loop,
without a thread: the server answers decided queries that way (``web/native.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import select
import signal
import socket
import threading
import time
from typing import Any, Protocol

from .execution import _HEADER, Answer, Job, Zygote, answer, as_message, receive, send

#: How long past the time limit the worker waits before killing a query process itself
#: (the process's own alarm normally ends it first).
GRACE_SECONDS = 1.0
#: A query still running after this many seconds is slow: its process is given the lowest CPU
#: priority, so that twenty slow queries on two cores leave pages and quick queries their time.
#: Measured (benchmarks/README.md, "Under attack"): 0.05 s shortened the full-priority burst of
#: twenty slow queries sent at once (a page's p99 in that second ~510 → ~170 ms) but demoted the
#: 80 ms aggregate at 100k too, which then served 47 instead of 89 req/s: not kept.
QUICK_SECONDS = 0.2


class QueryTimeout(Exception):
    """The query ran past the time limit and its process was stopped."""


class QueryProcessDied(Exception):
    """The query process ended without answering: its memory budget, or a crash in the engine."""


class Executor(Protocol):
    def run(self, job: Job) -> Answer: ...

    async def run_async(self, job: Job) -> Answer: ...

    def retire(self) -> None: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Runs queries in the calling thread: for stores whose work happens elsewhere (a remote
    SPARQL server has its own time limit) or that cannot be forked."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def run(self, job: Job) -> Answer:
        return answer(self.store, job)

    async def run_async(self, job: Job) -> Answer:
        return await asyncio.to_thread(self.run, job)

    def retire(self) -> None:
        pass

    def close(self) -> None:
        pass


class ProcessExecutor:
    """Query processes for this web worker, made by a zygote and reused while they behave."""

    def __init__(self, zygote: Zygote, keep_idle: int = 8) -> None:
        self.zygote = zygote
        self.keep_idle = keep_idle
        self._idle: list[tuple[socket.socket, int]] = []
        self._lock = threading.Lock()
        self._owner = self._creator = os.getpid()
        #: Bumped by ``retire``: a process checked out before comes back to be closed.
        self._generation = 0

    def start(self) -> None:
        """Fork the zygote now (call before a server forks its workers)."""
        with self._lock:
            if self.zygote.requests is None:
                self.zygote.start()

    def run(self, job: Job) -> Answer:
        generation = self._generation
        channel, pid = self._checkout()
        started = time.monotonic()  # before the process can start its own clock
        message = as_message(job)
        try:
            send(channel, message)
        except OSError:  # it died while idle: once more with a fresh one
            channel.close()
            try:
                channel, pid = self._fresh()
                started = time.monotonic()
                send(channel, message)
            except OSError:  # the zygote or the new process is gone too (a server stopping)
                channel.close()
                raise QueryProcessDied from None
        limit = job.timeout + GRACE_SECONDS
        ready, _, _ = select.select([channel], [], [], min(QUICK_SECONDS, limit))
        demoted = not ready and limit > QUICK_SECONDS
        if demoted:  # a slow query: it yields the CPUs to pages and quick queries from now on
            self.zygote.slow(pid)
            ready, _, _ = select.select([channel], [], [], limit - QUICK_SECONDS)
        if not ready:
            self._kill(channel, pid)
            raise QueryTimeout
        try:
            result = Answer(*receive(channel))
        except (EOFError, OSError):
            self._kill(channel, pid)
            if time.monotonic() - started >= job.timeout:
                raise QueryTimeout from None
            raise QueryProcessDied from None
        # demoted: kept only if it gets its priority back (``Zygote.done``); retired: it holds a
        # store that a load has replaced
        if (demoted and not self.zygote.done(pid)) or generation != self._generation:
            channel.close()
        else:
            self._checkin(channel, pid)
        return result

    async def run_async(self, job: Job) -> Answer:
        """``run`` from an event loop: the wait for the answer costs no thread."""
        loop = asyncio.get_running_loop()
        generation = self._generation
        message = as_message(job)
        idle = self._idle_one()
        channel, pid = idle if idle else await loop.run_in_executor(None, self._fresh)
        try:
            send(channel, message)
        except OSError:  # it died while idle: once more with a fresh one
            channel.close()
            try:
                channel, pid = await loop.run_in_executor(None, self._fresh)
                send(channel, message)
            except OSError:
                channel.close()
                raise QueryProcessDied from None
        started, limit = time.monotonic(), job.timeout + GRACE_SECONDS
        channel.setblocking(False)  # read only when the loop says it is readable
        demoted = False
        try:
            if not await _readable(loop, channel, min(QUICK_SECONDS, limit)):
                if limit > QUICK_SECONDS:  # a slow query: it yields the CPUs from now on
                    self.zygote.slow(pid)
                    demoted = True
                if not demoted or not await _readable(loop, channel, limit - QUICK_SECONDS):
                    raise TimeoutError
            data = await _message(loop, channel, started + limit)
        except TimeoutError:
            self._kill(channel, pid)
            raise QueryTimeout from None
        except (EOFError, OSError):
            self._kill(channel, pid)
            if time.monotonic() - started >= job.timeout:
                raise QueryTimeout from None
            raise QueryProcessDied from None
        except BaseException:  # cancelled (the server stopping): the process cannot be reused
            self._kill(channel, pid)
            raise
        result = Answer(*pickle.loads(memoryview(data)[_HEADER.size :]))  # noqa: S301 (ours)
        if (demoted and not self.zygote.done(pid)) or generation != self._generation:  # as in run
            channel.close()
        else:
            channel.setblocking(True)
            self._checkin(channel, pid)
        return result

    def retire(self) -> None:
        """End the query processes that hold the store as it was: after a load swapped the
        directory, new ones (which open it anew) answer from the new data."""
        with self._lock:
            self._generation += 1
            for channel, _ in self._idle:
                channel.close()  # the process sees EOF and exits
            self._idle.clear()

    def close(self) -> None:
        with self._lock:
            for channel, _ in self._idle:
                channel.close()
            self._idle.clear()
        if self._creator == os.getpid():  # the zygote is the creating process's child
            self.zygote.stop()

    def _checkout(self) -> tuple[socket.socket, int]:
        return self._idle_one() or self._fresh()

    def _idle_one(self) -> tuple[socket.socket, int] | None:
        """An idle query process, if there is one (making one waits on the zygote, which an
        event loop must not do)."""
        with self._lock:
            if self._owner != os.getpid():  # a forked web worker: the parent's are not ours
                self._idle.clear()
                self._owner = os.getpid()
            return self._idle.pop() if self._idle else None

    def _fresh(self) -> tuple[socket.socket, int]:
        if self.zygote.requests is None:
            self.start()
        return self.zygote.spawn()

    def _checkin(self, channel: socket.socket, pid: int) -> None:
        with self._lock:
            if len(self._idle) < self.keep_idle:
                self._idle.append((channel, pid))
                return
        channel.close()  # the process sees EOF and exits

    @staticmethod
    def _kill(channel: socket.socket, pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        channel.close()


async def _message(
    loop: asyncio.AbstractEventLoop, channel: socket.socket, deadline: float
) -> bytearray:
    """The message on a readable channel (header included): what is there, then the rest as the
    query process sends it. EOFError if it ends first, TimeoutError at ``deadline``."""
    data, wanted = bytearray(), 1 << 16  # under malloc's mmap threshold: a point lookup's read
    while True:
        chunk = channel.recv(wanted)
        if not chunk:
            raise EOFError
        data += chunk
        if len(data) >= _HEADER.size:
            wanted = _HEADER.size + int(_HEADER.unpack_from(data)[0]) - len(data)
            if wanted <= 0:
                return data
            wanted = min(wanted, 1 << 20)
        if not await _readable(loop, channel, deadline - time.monotonic()):
            raise TimeoutError


async def _readable(
    loop: asyncio.AbstractEventLoop, channel: socket.socket, seconds: float
) -> bool:
    """Whether ``channel`` has something to read (or was closed) within ``seconds``; one
    future and one timer, which is what a quick query's answer costs the event loop."""
    if seconds <= 0:
        return False
    ready: asyncio.Future[bool] = loop.create_future()
    fd = channel.fileno()
    loop.add_reader(fd, _settle, ready, True)
    timer = loop.call_later(seconds, _settle, ready, False)
    try:
        return await ready
    finally:
        loop.remove_reader(fd)
        timer.cancel()


def _settle(ready: asyncio.Future[bool], value: bool) -> None:
    if not ready.done():
        ready.set_result(value)
