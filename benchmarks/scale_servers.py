"""SPARQL servers for bench_scale.py: Oxigraph server and Virtuoso on loopback ports.

Reuses the start/stop helpers of tests/sparql_servers.py; adds bulk loading and a reading of the
server's peak memory (VmHWM in /proc/PID/status, Linux).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import TracebackType

from sparql_servers import VIRTUOSO_INI, free_port, oxigraph_binary, stop, wait_until_answering

#: Buffers for Virtuoso in benchmarks (8 KiB pages): ~1.3 GiB, its documented setting for 2 GiB.
VIRTUOSO_TUNING = {
    "NumberOfBuffers = 10000": "NumberOfBuffers = 170000",
    "MaxDirtyBuffers = 6000": "MaxDirtyBuffers = 130000",
    "MaxQueryExecutionTime = 60": "MaxQueryExecutionTime = 0",
}


class Server:
    """A running server process and its query URL; stopped on leaving the ``with`` block."""

    def __init__(self, command: list[str], url: str, cwd: Path | None = None) -> None:
        self.url = url
        self.process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_until_answering(url, self.process, 300)
        except BaseException:
            stop(self.process)
            raise

    def peak_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        stop(self.process)


def oxigraph_server(location: Path) -> Server:
    port = free_port()
    command = [oxigraph_binary(), "serve-read-only", "--location", str(location)]
    return Server([*command, "--bind", f"127.0.0.1:{port}"], f"http://127.0.0.1:{port}/query")


def virtuoso_server(home: Path, data: Path | None = None) -> Server:
    binary = shutil.which("virtuoso-t")
    if not binary:
        sys.exit("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)")
    home.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.format(dir=home, sql_port=sql_port, http_port=http_port)
    for default, tuned in VIRTUOSO_TUNING.items():
        ini = ini.replace(default, tuned)
    if data:
        ini = ini.replace(f"DirsAllowed = ., {home}", f"DirsAllowed = ., {home}, {data}")
    (home / "virtuoso.ini").write_text(ini)
    (home / "sql_port").write_text(str(sql_port))
    command = [binary, "+foreground", "+configfile", str(home / "virtuoso.ini")]
    return Server(command, f"http://127.0.0.1:{http_port}/sparql", cwd=home)


def isql(home: Path, statement: str) -> None:
    port = (home / "sql_port").read_text()
    command = ["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={statement}"]
    subprocess.run(command, check=True, capture_output=True, timeout=7200)


def load_virtuoso(home: Path, path: Path) -> float:
    """Virtuoso's bulk loader on an N-Quads file; the server's peak memory (MiB)."""
    with virtuoso_server(home, path.parent) as server:
        isql(home, f"ld_dir('{path.parent}', '{path.name}', 'urn:advocacy-kg:default');")
        isql(home, "rdf_loader_run();")
        isql(home, "checkpoint;")
        return server.peak_mib()
