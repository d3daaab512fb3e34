"""Start-up on a database at the newest revision: found by one read, Alembic never imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.db import make_engine
from bot.schema import head_revision, newest_revision_file, upgrade_schema

CHECK = """
import sys
from bot.db import make_engine
from bot.schema import upgrade_schema
done = upgrade_schema(make_engine(sys.argv[1]))
print(done.before, done.after, any(name.split(".")[0] == "alembic" for name in sys.modules))
"""


def test_the_newest_revision_file_is_alembics_head() -> None:
    assert newest_revision_file() == head_revision()


def test_a_database_at_head_is_left_alone_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    first = upgrade_schema(make_engine(url))
    assert first.before is None and first.after == head_revision()
    done = subprocess.run(
        [sys.executable, "-c", CHECK, url], check=True, capture_output=True, text=True
    )
    assert done.stdout.split() == [first.after, first.after, "False"]


def test_an_older_database_is_still_upgraded(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    assert upgrade_schema(engine, "0003").after == "0003"
    done = upgrade_schema(engine)
    assert (done.before, done.after) == ("0003", head_revision())
