"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every value can be overridden on the command line or in GUNICORN_CMD_ARGS; the environment variables below are the
usual knobs of a deployment.
"""
import os

# Behind a reverse proxy on the same host by default; BIND=0.0.0.0:8000 in a container.
bind = os.environ.get("BIND", "127.0.0.1:8000")

# Workers share the index image through the page cache (memory-mapped files), but each holds its own encoder and
# the delta of postings changed since the image: a few workers for CPU parallelism, threads within each for
# concurrency. At least two, so a worker that restarts (max_requests) never leaves the site without an answer.
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, min(4, os.cpu_count() or 1)))

# A web worker encodes one short search query at a time: one compute thread each, so that an encoding never takes
# both cores of a small host from the requests beside it. `matchmaker worker` keeps the encoder's default for batches.
os.environ.setdefault("MATCHMAKER_ENCODER_THREADS", "1")

# gthread rather than sync: a request spends much of its time waiting (database, Redis, SMTP when mail is sent
# inline), and threads wait in the same process, sharing its one engine, instead of costing a worker each. The
# application is thread-safe: `flask run` and the live-server tests serve it from threads too.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)

# A worker silent this long is killed and replaced; the first request of a fresh worker may wait for its model.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
# On shutdown or reload, requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
keepalive = 5

# Recycle workers now and then, so slow leaks (the query cache, fragmentation of the index) never pile up; the
# jitter keeps them from restarting all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10

# Not preloaded: wsgi.py creates the app and starts the engine's warm-up thread in each worker after the fork. A
# preloaded app would share the master's database connections, FAISS index and model across forks, and the
# warm-up thread would not survive the fork at all. Each worker then opens its own engine on the persisted index.
preload_app = False

# gunicorn 27's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl): a second instance on the
# host, such as a second site or a blue/green deploy, would take it over. Off unless a path is given.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")

# Access log on stdout, errors on stderr, for the process supervisor or the container runtime to collect.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
