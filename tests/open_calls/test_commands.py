"""`matchmaker open-calls close-due|prune-attachments`."""
from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest

from matchmaker.extensions import db
from matchmaker.open_calls import attachments, services
from matchmaker.open_calls.proposals import attachment_root
from models.base import utcnow
from models.choices import OpenCallStatus
from tests.open_calls.conftest import PDF_A


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args: str):
        db.session.commit()
        result = runner.invoke(args=["open-calls", *args])
        db.session.expire_all()
        return result

    return run


def _aged(path: Path, minutes: int) -> Path:
    moment = time.time() - minutes * 60
    os.utime(path, (moment, moment))
    return path


def test_close_due_moves_calls_past_their_deadline_to_review(cli, scene):
    services.reschedule(db.session, scene.call, submission_deadline=utcnow() - timedelta(hours=1))

    result = cli("close-due")

    assert result.exit_code == 0 and "1 open call(s)" in result.output
    assert scene.call.status == OpenCallStatus.REVIEWING


def test_prune_removes_old_files_no_row_names_and_keeps_the_rest(cli, world):
    root = attachment_root()
    orphan_key, _digest = attachments.store(root, PDF_A)
    fresh_key, _digest = attachments.store(root, PDF_A)
    orphan = _aged(root / orphan_key[:2] / orphan_key, 120)
    kept = _aged(root / world.attachment.storage_key[:2] / world.attachment.storage_key, 120)

    result = cli("prune-attachments")

    assert result.exit_code == 0, result.output
    assert not orphan.exists() and kept.exists() and (root / fresh_key[:2] / fresh_key).exists()


def test_prune_dry_run_removes_nothing(cli, world):
    root = attachment_root()
    key, _digest = attachments.store(root, PDF_A)
    orphan = _aged(root / key[:2] / key, 120)

    result = cli("prune-attachments", "--dry-run")

    assert "would remove" in result.output and orphan.exists()
