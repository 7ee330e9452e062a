"""The web worker's side of query execution: hand a job to a query process, wait for its answer
at most the time limit, and kill the process when it runs over.

Each request thread takes an idle query process (or has the zygote make one), so several slow
queries never hold up a quick one: each has its own process, and the web thread only waits on a
socket. A query still running after QUICK_SECONDS is niced down, so that slow queries do not take
the CPUs from quick ones either. A killed process is simply replaced on the next request.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import threading
import time
from typing import Any, Protocol

from .execution import Answer, Job, Zygote, answer, as_message, receive, send

#: How long past the time limit the worker waits before killing a query process itself
#: (the process's own alarm normally ends it first).
GRACE_SECONDS = 1.0
#: A query still running after this many seconds is slow: its process is given the lowest CPU
#: priority, so that twenty slow queries on two cores leave pages and quick queries their time.
QUICK_SECONDS = 0.2
SLOW_NICENESS = 19


class QueryTimeout(Exception):
    """The query ran past the time limit and its process was stopped."""


class QueryProcessDied(Exception):
    """The query process ended without answering: its memory budget, or a crash in the engine."""


class Executor(Protocol):
    def run(self, job: Job) -> Answer: ...

    def retire(self) -> None: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Runs queries in the calling thread: for stores whose work happens elsewhere (a remote
    SPARQL server has its own time limit) or that cannot be forked."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def run(self, job: Job) -> Answer:
        return answer(self.store, job)

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
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, pid, SLOW_NICENESS)
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
        # demoted: it cannot get its priority back (that needs CAP_SYS_NICE); retired: it holds
        # a store that a load has replaced
        if demoted or generation != self._generation:
            channel.close()
        else:
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
        with self._lock:
            if (
                self._owner != os.getpid()
            ):  # a forked web worker: the parent's processes are not ours
                self._idle.clear()
                self._owner = os.getpid()
            if self._idle:
                return self._idle.pop()
        return self._fresh()

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
