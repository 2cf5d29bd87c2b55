"""Who asked, uploaded, deleted, re-indexed or corrected what, and when: an append-only log admins read."""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa

from ..storage.schema import audit as AUDIT

ACTIONS = ("asked", "uploaded", "deleted", "reindexed", "corrected", "exported", "erased")
ERASED = "(removed at the user's request)"


@dataclass(frozen=True)
class AuditEntry:
    at: float
    actor: str
    action: str
    target: str
    detail: str


class AuditLog:
    def __init__(self, engine: sa.Engine):
        self._db = engine

    def record(self, actor: str, action: str, target: str = "", detail: str = "") -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        with self._db.begin() as c:
            c.execute(sa.insert(AUDIT).values(at=time.time(), actor=actor, action=action, target=target, detail=detail))

    def entries(self, limit: int = 500, actor: str | None = None, action: str | None = None) -> list[AuditEntry]:
        query = sa.select(AUDIT.c.at, AUDIT.c.actor, AUDIT.c.action, AUDIT.c.target, AUDIT.c.detail)
        if actor:
            query = query.where(AUDIT.c.actor == actor)
        if action:
            query = query.where(AUDIT.c.action == action)
        with self._db.connect() as c:
            return [AuditEntry(*row) for row in c.execute(query.order_by(AUDIT.c.at.desc(), AUDIT.c.id.desc()).limit(limit))]

    def erase_questions(self, actor: str) -> None:
        """A user deleting their data takes their questions' words out of the log; the fact and time stay."""
        with self._db.begin() as c:
            c.execute(sa.update(AUDIT).where(AUDIT.c.actor == actor, AUDIT.c.action == "asked").values(target="", detail=ERASED))
