"""Who is asking, and what they may do. Roles come from configuration (RAG_ADMINS), not from the user.

Without sign-in the app is one person's laptop: that person is "local" and may do everything."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ADMIN = "admin"  # uploads, deletes, re-indexes, corrects metadata, reads the audit log
STAFF = "staff"  # asks, exports, gives feedback


@dataclass(frozen=True)
class User:
    id: str  # the key of everything this user owns
    name: str
    email: str
    role: str
    signed_in: bool

    @property
    def can_manage_library(self) -> bool:
        return self.role == ADMIN

    @property
    def can_read_audit(self) -> bool:
        return self.role == ADMIN

    @property
    def label(self) -> str:
        return self.name or self.email or self.id


LOCAL_USER = User(id="local", name="", email="", role=ADMIN, signed_in=False)


class NotAllowed(PermissionError):
    pass


@dataclass(frozen=True)
class Roles:
    admins: frozenset[str]  # e-mail addresses, lower case
    admin_role: str | None = None  # RAG_ADMIN_ROLE: a value of the token's roles or groups claim (set by the provider)

    @classmethod
    def parse(cls, raw: str, admin_role: str | None = None) -> "Roles":
        return cls(frozenset(part.strip().lower() for part in raw.replace(";", ",").split(",") if part.strip()),
                   admin_role or None)

    def user(self, claims: Mapping) -> User:
        """A signed-in user from their identity token's claims; everyone the provider admits is staff unless listed."""
        email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()
        subject = str(claims.get("sub") or "").strip()
        key = email or subject
        if not key:
            raise NotAllowed("the identity provider sent neither an e-mail address nor a subject")
        return User(id=key, name=str(claims.get("name") or ""), email=email,
                    role=ADMIN if key in self.admins else STAFF, signed_in=True)


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise NotAllowed(f"only an administrator can {what}")
