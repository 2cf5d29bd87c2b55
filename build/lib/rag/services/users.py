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
        """A signed-in user from their identity token's claims. The key is what providers promise never
        changes: the issuer and subject (Entra ID: tenant and object id); the e-mail address, which can change
        or be reassigned, is kept for display only. Administrators: listed e-mail addresses, or the configured
        role or group in the token's roles or groups claim (the provider sets those, not the user)."""
        email = str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()
        key = user_key(claims)
        if not key:
            raise NotAllowed("the identity provider sent no subject for this user")
        granted = {str(v) for claim in ("roles", "groups") for v in (claims.get(claim) or []) if isinstance(claims.get(claim), list)}
        admin = bool(email and email in self.admins) or bool(self.admin_role and self.admin_role in granted)
        return User(id=key, name=str(claims.get("name") or ""), email=email, role=ADMIN if admin else STAFF, signed_in=True)


def user_key(claims: Mapping) -> str:
    """"entra:<tid>:<oid>" for Entra ID, "<issuer>|<sub>" for any other provider, "" without a subject."""
    tid, oid = str(claims.get("tid") or "").strip(), str(claims.get("oid") or "").strip()
    if tid and oid:
        return f"entra:{tid}:{oid}"
    subject = str(claims.get("sub") or "").strip()
    if not subject:
        return ""
    issuer = str(claims.get("iss") or "").strip().rstrip("/")
    return f"{issuer}|{subject}" if issuer else subject


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise NotAllowed(f"only an administrator can {what}")
