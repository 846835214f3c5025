"""deploy/: the files the cluster drill runs are complete, and nginx accepts the site as rendered."""

import shutil
import subprocess

import pytest

from devtools import cluster_drill

VALUES = {
    "SERVER_NAME": "portal.example.org",
    "LISTEN": "127.0.0.1:18080",
    "APP_SERVERS": "server 127.0.0.1:18001; server 127.0.0.1:18002;",
    "APP_DIR": "/srv/gongjian",
    "MEDIA_ROOT": "/srv/gongjian-media",
}


def test_the_site_template_is_filled_and_keeps_nginx_variables():
    site = cluster_drill.render_site(VALUES)
    assert "${" not in site and "$proxy_add_x_forwarded_for" in site
    assert "server 127.0.0.1:18001;" in site


def test_uploads_are_internal_only():
    site = cluster_drill.render_site(VALUES)
    protected = site.split("location /protected-media/", 1)[1].split("}", 1)[0]
    assert "internal;" in protected and "alias /srv/gongjian-media/;" in protected
    assert "location /media/ {\n        return 404;" in site


def test_posts_are_not_retried_on_another_server():
    # nginx retries only idempotent requests by default; the site must not add non_idempotent.
    assert "non_idempotent" not in cluster_drill.render_site(VALUES)


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_nginx_accepts_the_rendered_site(tmp_path):
    (tmp_path / "site.conf").write_text(cluster_drill.render_site({**VALUES, "APP_DIR": str(tmp_path)}))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(["nginx", "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("gongjian-web@.service", ["gunicorn", "--config", "deploy/gunicorn.conf.py", "--bind", "127.0.0.1:18001"]),
        ("gongjian-worker.service", ["celery", "--app", "portal", "worker"]),
        ("gongjian-beat.service", ["celery", "--app", "portal", "beat"]),
    ],
)
def test_each_unit_starts_what_the_drill_starts(unit, expected):
    command = cluster_drill.unit_command(unit, {"/srv/gongjian/.venv/bin/": "", "0.0.0.0": "127.0.0.1", "%i": "18001"})
    assert command[: len(expected)] == expected
    assert (cluster_drill.DEPLOY / "gunicorn.conf.py").is_file()
