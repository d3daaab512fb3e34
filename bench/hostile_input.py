"""Hostile bodies against the real `vahti run` (HTTP mode, waitress): refused unread, or read whole?

Starts `python -m bot run --role web` as its own process (fake Slack, a SQLite file) from this
tree and, with `--baseline DIR`, from another checkout (the release before the limits) in the
same run, and sends each the same hostile requests from a socket: the client streams the body in
1 MiB pieces and stops as soon as an answer arrives. Per request: the status, how many body bytes
the client had sent when the answer came, the server's CPU time and peak resident memory growth
(`VmHWM` from /proc) and how many bytes it wrote to its log. The figures are ratios of the server
process against itself before the request, so a busy shared machine moves them little.

Run: `PYTHONPATH=. python bench/hostile_input.py [--mb 200] [--baseline /path/to/old/checkout]`.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench._results import write_section
from tests.fakes.slack_server import running_fake_slack

HERE = Path(__file__).resolve().parents[1]
MIB = 1 << 20
TOKEN = "bench-ingest-token"
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Server:
    pid: int
    port: int
    log: Path


@dataclass(frozen=True)
class Probe:
    case: str
    status: str
    sent_mb: float
    seconds: float
    cpu_s: float
    peak_growth_mb: float
    log_bytes: int


def _free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


@contextmanager
def running_vahti(tree: Path, slack_url: str, workdir: Path) -> Iterator[Server]:
    """`vahti run` from `tree` on a free port; its stderr (the log) goes to a file."""
    port, log = _free_port(), workdir / f"log-{tree.name}.jsonl"
    env = os.environ | {
        "PYTHONPATH": str(tree),
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_API_URL": slack_url,
        "SLACK_SIGNING_SECRET": "bench-secret",
        "VAHTI_INGEST_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite:///{workdir / f'{tree.name}.db'}",
    }
    env.pop("SLACK_APP_TOKEN", None)
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--role", "web", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                        break
                except OSError:
                    time.sleep(0.2)
            yield Server(proc.pid, port, log)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _stream(
    sock: socket.socket, body_mb: int, chunked: bool, answered: threading.Event, sent: list[int]
) -> None:
    piece = b"a" * MIB
    try:
        for _ in range(body_mb):
            if answered.is_set():
                return
            sock.sendall(f"{MIB:x}\r\n".encode() + piece + b"\r\n" if chunked else piece)
            sent[0] += MIB
        if chunked:
            sock.sendall(b"0\r\n\r\n")
    except OSError:
        return  # the server answered and closed the connection: what a client should see


def probe(server: Server, case: str, path: str, body_mb: int, chunked: bool) -> Probe:
    """Send one hostile request and measure what it cost the server.

    `/slack/events` gets a form body, as slash commands come: it parses, so a server that reads
    it whole goes on to the signature check (and, before the limits, logged the whole body).
    """
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {body_mb * MIB}"
    kind = "application/json" if path == "/mentions" else "application/x-www-form-urlencoded"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: {kind}\r\n"
        f"Authorization: Bearer {TOKEN}\r\nX-Slack-Request-Timestamp: 1\r\n"
        f"X-Slack-Signature: v0=00\r\n{length}\r\n\r\n"
    ).encode()
    peak, cpu, logged = _status_kb(server.pid, "VmHWM"), _cpu_seconds(server.pid), 0
    logged = server.log.stat().st_size
    answered, sent = threading.Event(), [0]
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=300) as sock:
        sock.sendall(head)
        sender = threading.Thread(target=_stream, args=(sock, body_mb, chunked, answered, sent))
        sender.start()
        try:
            first = sock.recv(64)
        except OSError:
            first = b""
        answered.set()
        elapsed, sent_at_answer = time.monotonic() - start, sent[0]
        sender.join()
    time.sleep(0.5)  # let the server finish writing its log line
    status = first.split(b"\r\n")[0].decode(errors="replace")[9:12] or "closed"
    return Probe(
        case,
        status,
        sent_at_answer / MIB,
        elapsed,
        _cpu_seconds(server.pid) - cpu,
        (_status_kb(server.pid, "VmHWM") - peak) / 1024,
        server.log.stat().st_size - logged,
    )


CASES = (  # (what, path, chunked)
    ("unsigned /slack/events, Content-Length", "/slack/events", False),
    ("unsigned /slack/events, chunked", "/slack/events", True),
    ("POST /mentions, Content-Length", "/mentions", False),
)


def _git_head(tree: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(tree), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or tree.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mb", type=int, default=200, help="declared body size in MiB")
    parser.add_argument("--baseline", type=Path, help="another checkout to run the same cases on")
    args = parser.parse_args()
    trees = [HERE] + ([args.baseline.resolve()] if args.baseline else [])
    rows: list[tuple[str, Probe]] = []
    with running_fake_slack() as fake, tempfile.TemporaryDirectory() as tmp:
        for tree in trees:
            label = f"{'this branch' if tree == HERE else 'baseline'} ({_git_head(tree)})"
            for what, path, chunked in CASES:  # a fresh server each: VmHWM only ever grows
                with running_vahti(tree, fake.url, Path(tmp)) as server:
                    result = probe(server, f"{what} {args.mb} MiB", path, args.mb, chunked)
                rows.append((label, result))
                print(label, result)
    lines = [
        f"Hostile bodies against `vahti run` (waitress, HTTP mode, SQLite), {args.mb} MiB each, "
        "streamed in 1 MiB pieces until the server answers; a fresh server per request. Peak "
        "growth is the server's VmHWM after the request minus before it; CPU is the server's "
        "user+system time for it; log bytes are what it wrote to its log meanwhile.",
        "",
        "| tree | request | answer | MiB sent when answered | seconds to answer | server CPU s "
        "| peak RSS growth MiB | log bytes |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {label} | {p.case} | {p.status} | {p.sent_mb:.0f} | {p.seconds:.2f} | {p.cpu_s:.2f} "
        f"| {p.peak_growth_mb:.1f} | {p.log_bytes:,} |"
        for label, p in rows
    ]
    lines.append("")
    lines.append(
        f"Run: `PYTHONPATH=. python bench/hostile_input.py --mb {args.mb}"
        f"{' --baseline OLD_CHECKOUT' if args.baseline else ''}`."
    )
    write_section("hostile", "\n".join(lines))


if __name__ == "__main__":
    main()
