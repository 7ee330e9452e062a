"""Walls around a query process (Linux): no network, bounded memory, gone with its parent.

- ``deny_network``: a seccomp filter makes ``socket()`` and ``connect()`` fail with EPERM, so
  even a SERVICE clause the safety check missed cannot reach another host. pyoxigraph is built
  with an HTTP client and *does* fetch SERVICE IRIs when asked, so this is not hypothetical.
- ``limit_memory``: RLIMIT_AS = the address space at start + the budget; a query that wants more
  (a huge sort) gets an allocation failure and only its own process dies.
- ``die_with_parent``: the kernel kills the process when its parent exits.

Each returns False where the platform cannot do it; callers log that and carry on.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import resource
import signal
import struct
import sys

PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000

#: audit architecture and the numbers of socket() and connect(), per machine.
_SYSCALLS = {
    "x86_64": (0xC000003E, (41, 42)),
    "aarch64": (0xC00000B7, (198, 203)),
}


def _prctl(*args: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(*[ctypes.c_ulong(a) for a in args]) == 0)


def die_with_parent() -> bool:
    return _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def limit_memory(budget_bytes: int) -> bool:
    """Cap the address space at what the process maps now plus ``budget_bytes``."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            mapped = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return False
    limit = mapped + budget_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return True


def deny_network() -> bool:
    """Install a seccomp filter refusing socket() and connect() with EPERM."""
    known = _SYSCALLS.get(platform.machine())
    if known is None or not sys.platform.startswith("linux"):
        return False
    arch, calls = known
    deny = SECCOMP_RET_ERRNO | errno.EPERM
    # BPF: load arch; other arch → allow (we only run native code); load nr; match → deny.
    program = [
        (0x20, 0, 0, 4),  # ld  [4]   (seccomp_data.arch)
        (0x15, 1, 0, arch),  # jeq arch, +1
        (0x06, 0, 0, SECCOMP_RET_ALLOW),
        (0x20, 0, 0, 0),  # ld  [0]   (seccomp_data.nr)
    ]
    for index, number in enumerate(calls):
        remaining = len(calls) - index
        program.append((0x15, remaining, 0, number))  # jeq nr → the deny at the end
    program += [(0x06, 0, 0, SECCOMP_RET_ALLOW), (0x06, 0, 0, deny)]
    raw = b"".join(struct.pack("HBBI", *instruction) for instruction in program)
    buffer = ctypes.create_string_buffer(raw)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program), ctypes.addressof(buffer))
    if not _prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    done = libc.prctl(
        ctypes.c_ulong(PR_SET_SECCOMP),
        ctypes.c_ulong(SECCOMP_MODE_FILTER),
        ctypes.byref(fprog),
        ctypes.c_ulong(0),
        ctypes.c_ulong(0),
    )
    return bool(done == 0)


def reset_signals() -> None:
    """Default dispositions, so SIGALRM (the query deadline) ends the process even inside Rust."""
    for number in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)
