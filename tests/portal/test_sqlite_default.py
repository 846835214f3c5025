"""The zero-setup SQLite default stands simultaneous writes: writers wait for each other instead of failing."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_sixteen_simultaneous_filings_and_accepts_all_succeed_on_sqlite(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'rush.sqlite3'}", "DEBUG": "1"}
    env.pop("GONGJIAN_TEST_TODAY", None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "portal" / "sqlite_rush.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert not [r for r in result["filed"] if r.startswith("error")], result["filed"]
    assert len(set(result["filed"])) == 16
    assert result["accepted"] == ["accepted"] * 16, result["accepted"]


def test_a_number_in_a_url_that_names_no_year_is_404(client, django_user_model, db):
    from tests import factories

    community = factories.make_community("红星社区", "HX")
    client.force_login(factories.make_staff(community, "李秀梅"))
    assert client.get("/meetings/attendance/0.xlsx").status_code == 404
    assert client.get("/meetings/attendance/99999999999999999999.xlsx").status_code == 404
    assert client.get("/meetings/attendance/2026.xlsx").status_code == 200
