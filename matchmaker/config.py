"""Settings, read from the environment in one place."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from embeddings.vector_index import APPROXIMATE_ABOVE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("MATCHMAKER_INSTANCE_DIR", PROJECT_ROOT / "instance"))
DEFAULT_EMBEDDING_MODEL = "paraphrase-multilingual-MiniLM-L12-v2"  # when cached locally; else use-m3 (embeddings.encoder)
# The market runs on Beijing time: forms read it, pages show it, statistics bucket by it.
MARKET_TZ = ZoneInfo("Asia/Shanghai")


class ConfigError(RuntimeError):
    """The environment is missing a setting that production cannot run without."""


def normalise_database_url(url: str) -> str:
    """Point plain postgres URLs at the psycopg 3 driver that setup.cfg installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _secret_key(production: bool) -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("SECRET_KEY must be set when MATCHMAKER_ENV=production")
    # Development keeps one random key per checkout so sessions survive a restart of `make run`.
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def _flag(value: str | None) -> bool:
    """An environment switch: 1, true, yes or on."""
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _count(value: str | None, default: int) -> int:
    """A positive whole number from the environment, or the default when unset."""
    if not (value or "").strip():
        return default
    if not value.strip().isdigit() or int(value) < 1:
        raise ConfigError(f"expected a positive whole number, got {value!r}")
    return int(value)


def load_settings() -> dict:
    """Build the Flask config mapping from environment variables."""
    production = os.environ.get("MATCHMAKER_ENV", "development") == "production"
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        if production:
            raise ConfigError("DATABASE_URL must be set when MATCHMAKER_ENV=production")
        database_url = f"sqlite:///{INSTANCE_DIR / 'matchmaker.db'}"
    return {
        "ENV_NAME": "production" if production else "development",
        "SECRET_KEY": _secret_key(production),
        "DATABASE_URL": normalise_database_url(database_url),
        "MATCHMAKER_EMBEDDING_MODEL": os.environ.get("MATCHMAKER_EMBEDDING_MODEL", DEFAULT_EMBEDDING_MODEL),
        "MATCHMAKER_INDEX_DIR": os.environ.get("MATCHMAKER_INDEX_DIR", str(INSTANCE_DIR / "index")),
        # Proposal attachments, outside the web root; back it up with the database.
        "MATCHMAKER_ATTACHMENT_DIR": os.environ.get("MATCHMAKER_ATTACHMENT_DIR", str(INSTANCE_DIR / "attachments")),
        # Compute threads per encoding (None: the encoder's default, up to 4); gunicorn.conf.py sets 1 for web workers.
        "MATCHMAKER_ENCODER_THREADS": int(os.environ["MATCHMAKER_ENCODER_THREADS"])
        if os.environ.get("MATCHMAKER_ENCODER_THREADS") else None,
        # Above this many vectors a rebuilt index searches with HNSW instead of exactly (embeddings.vector_index).
        # Proxies in front of the app (nginx: 1). Unset when clients connect directly: the X-Forwarded-* headers are then
        # ignored, as any client could forge them; set, the rate limits key on the address the last proxy saw.
        "PROXY_HOPS": _count(os.environ.get("PROXY_HOPS"), 0),
        "MATCHMAKER_APPROXIMATE_ABOVE": _count(os.environ.get("MATCHMAKER_APPROXIMATE_ABOVE"), APPROXIMATE_ABOVE),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        # Background work: "rq" (default with REDIS_URL), "thread" (default without), or "sync" (in the request).
        "MATCHMAKER_JOBS": (os.environ.get("MATCHMAKER_JOBS") or "").lower() or None,
        "MATCHMAKER_SCHEDULE_TIME_LIMIT": float(os.environ.get("MATCHMAKER_SCHEDULE_TIME_LIMIT", "20")),
        # Links in e-mail are absolute on this URL.
        "MATCHMAKER_BASE_URL": os.environ.get("MATCHMAKER_BASE_URL") or "http://127.0.0.1:5000",
        # No MAIL_SERVER: e-mail is written to the log. MAIL_QUEUE=rq (with REDIS_URL) sends it from `matchmaker worker`.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER") or None,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT") or 25),
        "MAIL_USE_TLS": _flag(os.environ.get("MAIL_USE_TLS")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER") or "科技大市场 <noreply@matchmaker.localhost>",
        "MAIL_QUEUE": (os.environ.get("MAIL_QUEUE") or "inline").lower(),
        # Workers must share the counters in production; one process may count in memory.
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        # The remember-me cookie is a login too: same flags, and it lasts 30 days at most.
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "zh",
        "BABEL_DEFAULT_TIMEZONE": MARKET_TZ.key,
        "PER_PAGE": 20,
        "API_TOKEN_DAYS": 30,
    }
