"""A closed pipe ends a command quietly: `vahti export … | head` exits 0 or 141, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.db import create_schema, make_engine


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """More output than a pipe holds, so the write after `head` leaves really fails."""
    argv = ["export", "kpis", "--since", "2024-01-01", "--until", "2026-06-30"]
    url = f"sqlite:///{tmp_path / 'v.db'}"
    create_schema(make_engine(url))
    (tmp_path / "vahti.yml").write_text("timezone: Europe/Helsinki\n", encoding="utf-8")
    env = {
        "DATABASE_URL": url,
        "VAHTI_CONFIG": str(tmp_path / "vahti.yml"),
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=Path(__file__).parents[1],
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert first and code in (0, 141), (code, err)
    assert "Traceback" not in err and "Broken pipe" not in err, err
