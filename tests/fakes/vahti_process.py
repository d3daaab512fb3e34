"""A real `vahti run` process for end-to-end tests: HTTP mode, the fake Slack, a given database."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackSender

ROOT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "e2e-secret"
# Every day a working day and the lists due from midnight UTC: whenever the test runs, the daily,
# weekly and monthly checklists are due, so a fresh database has work at once.
CONFIG = (
    "timezone: UTC\n"
    "channels: {checklists: C0CHECK, alerts: C0ALERT}\n"
    "schedule: {post_at: '00:00', working_days: [0, 1, 2, 3, 4, 5, 6]}\n"
    "brand: {name: Northwind Coffee, keywords: [northwind]}\n"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Callable[[], object], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception:  # not up yet
            pass
        time.sleep(0.1)
    return False


@dataclass
class VahtiProcess:
    """One `python -m bot run`; its stdout and stderr go to `log`."""

    database_url: str
    fake: FakeSlack
    workdir: Path
    name: str = "vahti"
    extra_args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.workdir / f"{self.name}.log"

    @property
    def token(self) -> str:
        """Its own bot token, so the fake Slack's calls say which process made them."""
        return f"xoxb-e2e-{self.name}"

    def start(self) -> VahtiProcess:
        config = self.workdir / "vahti.yml"
        if not config.exists():
            config.write_text(CONFIG)
        env = (
            os.environ
            | self.env
            | {
                "SLACK_BOT_TOKEN": self.token,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": self.fake.url,
                "DATABASE_URL": self.database_url,
                "VAHTI_CONFIG": str(config),
            }
        )
        env.pop("SLACK_APP_TOKEN", None)
        args = ["run", "--port", str(self.port), "--host", "127.0.0.1", *self.extra_args]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", *args], cwd=ROOT, env=env, stdout=out, stderr=out
            )
        return self

    def healthy(self) -> bool:
        url = f"http://127.0.0.1:{self.port}/healthz"
        with urllib.request.urlopen(url, timeout=1) as resp:
            return bool(resp.status == 200)

    def wait_healthy(self, timeout: float = 40.0) -> None:
        assert self.proc is not None
        assert wait_until(lambda: self.proc.poll() is None and self.healthy(), timeout), (
            self.log.read_text()
        )

    def sender(self) -> SlackSender:
        endpoint = f"http://127.0.0.1:{self.port}/slack/events"
        return SlackSender(endpoint, SIGNING_SECRET, self.fake)

    def signal(self, signum: int = signal.SIGTERM) -> None:
        assert self.proc is not None
        self.proc.send_signal(signum)

    def wait(self, timeout: float) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it is still there (test clean-up)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.signal()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def records(self) -> list[dict[str, Any]]:
        """The JSON log records (other lines, such as the start banner, are skipped)."""
        out = []
        for line in self.log.read_text().splitlines():
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:  # the line being written right now
                    continue
        return out

    def ran(self, job: str) -> bool:
        """Whether the job has completed a run in this process (its "job ran" log line)."""
        return any(r["message"] == "job ran" and r.get("job") == job for r in self.records())
