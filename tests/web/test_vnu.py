"""The Nu HTML Checker (vnu, from npm, run on the local Java) finds no error on any page.

No network is needed: the checker is a jar in node_modules, and it reads the pages from files.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_permission_matrix import World

from .pages import html_pages

CANARY = '<!doctype html><html lang="en"><head><title>x</title></head><body><a href="tel:1 2">x</a></body></html>'
VNU_JAR = settings.NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(paths: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java, "vnu needs Java 11 or later on the PATH (CI installs default-jre-headless)"
    assert VNU_JAR.exists(), "vnu needs the vnu-jar npm package (npm ci)"
    result = subprocess.run(
        [java, "-Xss1m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return json.loads(result.stderr or "{}").get("messages", [])


@pytest.mark.django_db
def test_every_page_passes_the_nu_html_checker(actors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = World(actors)
    pages = html_pages(world)
    assert len(pages) > 100  # the crawl reached the pages of every role
    files = {}
    for index, page in enumerate(pages):
        path = tmp_path / f"page-{index:03d}.html"
        path.write_text(page.html, encoding="utf-8")
        files[f"file:{path}"] = page
    # A page known to be wrong proves the checker read the files and reported on them.
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    messages = run_vnu([canary, *(Path(name[5:]) for name in files)])
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert [m["url"] for m in errors if m["url"] == f"file:{canary}"], "vnu did not report the canary's error"
    report = [
        f"{files[m['url']].role} {files[m['url']].url} line {m.get('lastLine')}: {m['message']}"
        for m in errors
        if m["url"] in files
    ]
    assert not report, f"{len(report)} vnu errors:\n" + "\n".join(report[:80])
