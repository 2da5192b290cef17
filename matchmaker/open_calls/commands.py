"""`matchmaker open-calls …`: the upkeep an operator runs from cron."""
from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.open_calls import attachments, services
from matchmaker.open_calls.proposals import attachment_root
from models import ProposalAttachment

open_calls_cli = AppGroup("open-calls", help="揭榜挂帅 open-call upkeep.")


@open_calls_cli.command("close-due")
def close_due() -> None:
    """Move every open call past its deadline to reviewing (pages also do it when they first show the call)."""
    moved = services.close_due_calls(db.session)
    db.session.commit()
    click.echo(f"{moved} open call(s) moved to reviewing")


@open_calls_cli.command("prune-attachments")
@click.option("--older-than", "minutes", type=click.IntRange(min=10), default=60, show_default=True,
              help="Leave files younger than this many minutes: their request may still be running.")
@click.option("--dry-run", is_flag=True, help="List what would be removed.")
def prune_attachments(minutes: int, dry_run: bool) -> None:
    """Remove stored files that no attachment row names: left by uploads whose request then failed."""
    root = attachment_root()
    known = set(db.session.scalars(select(ProposalAttachment.storage_key)))
    cutoff = time.time() - minutes * 60
    orphans = [path for path in attachments.stored_files(root)
               if path.name not in known and path.stat().st_mtime < cutoff]
    for path in orphans:
        click.echo(f"{'would remove' if dry_run else 'removed'} {path.name} ({path.stat().st_size} bytes)")
        if not dry_run:
            path.unlink(missing_ok=True)
    click.echo(f"{len(orphans)} orphaned file(s){' found' if dry_run else ' removed'}")
