"""gunicorn settings for one Gongjian application server (`gunicorn -c deploy/gunicorn.conf.py portal.wsgi`).

The address comes from --bind (the systemd unit passes its instance name as the port). Workers are
processes: every shared thing (sessions, rate limits, the outbox) lives in PostgreSQL, the cache in
Redis, so any worker of any server can answer any request.
"""

import multiprocessing
import os

workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5  # nginx keeps connections to the upstream open
# A worker is replaced after this many requests (plus jitter), so a slow leak cannot grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# The portal reads the client's address from X-Forwarded-For itself (TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
