"""A contract type for import-linter (setup.cfg): areas of `matchmaker` use each other's public names only."""
from __future__ import annotations

import re

from importlinter import Contract, ContractCheck, fields, output

_PRIVATE_NAME = re.compile(r"\b_[A-Za-z]\w*")


def _area(module: str, container: str) -> str:
    """matchmaker.market.access -> matchmaker.market; a top-level module (matchmaker.forms) is its own area."""
    parts = module.split(".")
    depth = len(container.split(".")) + 1
    return ".".join(parts[:depth])


class PublicNamesContract(Contract):
    """No module imports a `_private` name from a module of another area of the container."""

    container = fields.StringField()

    def check(self, graph, verbose: bool) -> ContractCheck:
        found = []
        for importer in sorted(m for m in graph.modules if m.startswith(self.container + ".")):
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                if not imported.startswith(self.container + ".") or \
                        _area(imported, self.container) == _area(importer, self.container):
                    continue
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    names = detail["line_contents"].split(" import ", 1)[-1]
                    if _PRIVATE_NAME.search(names):
                        found.append(f"{importer}:{detail['line_number']}: {detail['line_contents']}")
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for line in check.metadata["found"]:
            output.print_error(line)
            output.new_line()
