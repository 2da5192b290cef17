"""gunicorn.conf.py: the settings a deployment gets, and the environment variables that change them."""
import os
import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def settings(monkeypatch, **env) -> dict:
    for name in ("GUNICORN_CONTROL_SOCKET", "WEB_CONCURRENCY", "MATCHMAKER_ENCODER_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_the_control_socket_is_off_unless_a_path_is_given(monkeypatch):
    assert settings(monkeypatch)["control_socket_disable"] is True


def test_a_control_socket_path_from_the_environment_turns_it_on(monkeypatch, tmp_path):
    path = str(tmp_path / "gunicorn.ctl")
    conf = settings(monkeypatch, GUNICORN_CONTROL_SOCKET=path)
    assert (conf["control_socket"], conf["control_socket_disable"]) == (path, False)


def test_web_concurrency_sets_the_number_of_workers(monkeypatch):
    assert settings(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_web_workers_encode_on_one_thread_unless_told_otherwise(monkeypatch):
    settings(monkeypatch)
    assert os.environ["MATCHMAKER_ENCODER_THREADS"] == "1"
    settings(monkeypatch, MATCHMAKER_ENCODER_THREADS="2")
    assert os.environ["MATCHMAKER_ENCODER_THREADS"] == "2"
