"""`matchmaker import FILE.xlsx --kind offer --organisation ID`: load a market from a spreadsheet."""
from __future__ import annotations

from pathlib import Path

import click

from matchmaker.extensions import db


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(["offer", "need"]), required=True)
@click.option("--organisation", "organisation_id", type=int, required=True, help="Id of the organisation they belong to.")
@click.option("--duplicates", type=click.Choice(["keep", "skip"]), default="keep", show_default=True,
              help="Import rows that nearly duplicate a posting on the market (flagged), or leave them out.")
@click.option("--draft", is_flag=True, help="Save as drafts instead of submitting them for publication.")
def import_postings(path: Path, kind: str, organisation_id: int, duplicates: str, draft: bool) -> None:
    """Import every row of an .xlsx file (the template's columns), or none if any row is bad."""
    from matchmaker.imports.services import create_import, run_import
    from matchmaker.matching.setup import engine
    from models import Organisation

    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise click.ClickException(f"no organisation with id {organisation_id}")
    record = create_import(db.session, None, kind, path.name, path.read_bytes(), organisation=organisation,
                           duplicates=duplicates, submit=not draft)
    db.session.commit()
    shown = {"stage": None}

    def checkpoint() -> None:
        db.session.commit()
        stage = ("embedded", record.embedded_rows) if record.embedded_rows else ("validated", record.validated_rows)
        if stage != shown["stage"] and record.total_rows:
            shown["stage"] = stage
            click.echo(f"  {stage[0]} {stage[1]}/{record.total_rows}", err=True)

    run_import(db.session, record, engine(), checkpoint)
    if record.status.value == "failed":
        for error in record.errors:
            click.echo(f"row {error['row'] or '-'}, {error['column'] or '-'}: {error['message']}", err=True)
        raise click.ClickException(f"import {record.id} failed: {record.message}; nothing was imported")
    for warning in record.warnings:
        click.echo(f"warning: row {warning['row']}: {warning['message']}", err=True)
    click.echo(f"import {record.id}: {len(record.created)} {kind}s created for {organisation.name}"
               f" ({len(record.warnings)} near-duplicates flagged)")
