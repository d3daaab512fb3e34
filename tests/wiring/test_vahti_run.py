"""End to end: the real `vahti run` process, with a feed configured in `vahti.yml`, polls it.

The process runs in HTTP mode against the fake Slack; a local server serves the feed. The first
start stores the feed's items; after a restart the feed has one new item, stored once.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.fakes.feed_server import FeedServer, rss
from tests.fakes.slack_api import FakeSlack

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: object, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return True
        except Exception:  # not up yet
            pass
        time.sleep(0.2)
    return False


@contextmanager
def vahti_run(tmp_path: Path, fake: FakeSlack) -> Iterator[int]:
    """`python -m bot run` in HTTP mode; stopped with SIGTERM afterwards."""
    port = free_port()
    env = os.environ | {
        "SLACK_BOT_TOKEN": "xoxb-e2e",
        "SLACK_SIGNING_SECRET": "e2e-secret",
        "SLACK_API_URL": fake.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vahti.db'}",
        "VAHTI_CONFIG": str(tmp_path / "vahti.yml"),
    }
    env.pop("SLACK_APP_TOKEN", None)
    log = (tmp_path / "run.log").open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--port", str(port), "--host", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        assert wait_until(lambda: urllib.request.urlopen(url, timeout=1).status == 200), (
            tmp_path / "run.log"
        ).read_text()
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def feed_rows(tmp_path: Path) -> list[tuple[str, str]]:
    engine = create_engine(f"sqlite:///{tmp_path / 'vahti.db'}")
    try:
        with engine.connect() as conn:
            sql = "SELECT source, external_id FROM mention ORDER BY external_id"
            return [(str(s), str(e)) for s, e in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_vahti_run_polls_the_configured_feed(
    tmp_path: Path, fake_slack: FakeSlack, feed_server: FeedServer
) -> None:
    (tmp_path / "vahti.yml").write_text(
        "timezone: Europe/Helsinki\n"
        "channels: {checklists: C0CHECK, alerts: C0ALERT}\n"
        "brand: {name: Northwind Coffee, keywords: [northwind]}\n"
        f"sources: {{feeds: [{{url: '{feed_server.url}/alerts', name: Alerts}}]}}\n"
    )
    feed_server.documents["/alerts"] = (rss(1, 2), '"v1"')
    with vahti_run(tmp_path, fake_slack):
        assert wait_until(lambda: len(feed_rows(tmp_path)) == 2)
    assert feed_rows(tmp_path) == [("feed:alerts", "urn:post:1"), ("feed:alerts", "urn:post:2")]
    feed_server.documents["/alerts"] = (rss(1, 2, 3), '"v2"')
    with vahti_run(tmp_path, fake_slack):
        assert wait_until(lambda: len(feed_rows(tmp_path)) >= 3)
        time.sleep(1)  # a second copy would land within the same poll
    assert [e for _, e in feed_rows(tmp_path)] == ["urn:post:1", "urn:post:2", "urn:post:3"]
    assert [s["path"] for s in feed_server.seen] == ["/alerts", "/alerts"]
