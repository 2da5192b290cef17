"""Offset pagination over a SQLAlchemy select."""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from matchmaker.errors import PageBeyondLast, ValidationError

# Far beyond any list's last page, and small enough that its offset fits a database integer.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    def __post_init__(self) -> None:
        if self.page > self.pages:
            message = _("没有第 %(page)d 页：共 %(pages)d 页。", page=self.page, pages=self.pages)
            raise PageBeyondLast(message, {"page": message})

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def window(self, radius: int = 2) -> list[int]:
        """Page numbers around the current one, for the pager."""
        return list(range(max(1, self.page - radius), min(self.pages, self.page + radius) + 1))

    def numbers(self, radius: int = 2) -> list[int | None]:
        """What the pager shows: the window around the current page, always with the first and the last page, and
        None for a gap (an ellipsis); a gap would hide a single page, so that page is shown instead."""
        window = self.window(radius)
        shown = [1, *window, self.pages]
        numbers: list[int | None] = []
        for n in sorted(set(shown)):
            if numbers and n - numbers[-1] == 2:
                numbers.append(n - 1)
            elif numbers and n - numbers[-1] > 2:
                numbers.append(None)
            numbers.append(n)
        return numbers


def page_number(args: Mapping[str, str]) -> int:
    """The `page` query argument: 1 when absent, else an integer from 1 to MAX_PAGE (a 422 otherwise)."""
    raw = args.get("page")
    if raw is None:
        return 1
    try:
        page = int(raw.strip())
    except ValueError:
        page = 0
    if not 1 <= page <= MAX_PAGE:
        raise ValidationError(_("页码必须是 1 到 %(max)d 之间的整数。", max=MAX_PAGE),
                              {"page": _("页码必须是 1 到 %(max)d 之间的整数。", max=MAX_PAGE)})
    return page


def paginate(session: Session, stmt: Select, page: int, per_page: int) -> Page:
    """Run `stmt` for one page; pages outside 1..MAX_PAGE are treated as the nearest of them."""
    page = min(max(1, page), MAX_PAGE)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=items, page=page, per_page=per_page, total=total)
