"""Who is calling the API. Laptop mode (no keys, no sign-in configured): the installation's one user, and
the server listens on loopback only. Otherwise a bearer token: a per-user API key (stored as its SHA-256,
in RAG_API_KEYS_FILE), or an access token of the same OIDC provider as the app, checked against its keys.
Requests per user per minute are limited."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from ..services.users import ADMIN, LOCAL_USER, STAFF, Roles, User
from ..settings import Settings


REFETCH_S = 300.0


class Unauthorised(PermissionError):
    pass


class TooManyRequests(RuntimeError):
    pass


class ProviderUnavailable(RuntimeError):
    """The sign-in provider's keys could not be fetched: the token can be neither accepted nor refused."""


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    user: str
    name: str = ""
    role: str = STAFF


def load_keys(path: Path | None) -> dict[str, ApiKey]:
    """{"<sha256 of the key>": {"user": "...", "name": "...", "role": "staff|admin"}}: keys never stored in clear."""
    if path is None:
        return {}
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    keys = {}
    for digest, entry in raw.items():
        role = entry.get("role", STAFF)
        if role not in (STAFF, ADMIN) or not entry.get("user"):
            raise ValueError(f"{path}: key {digest[:8]}…: needs a user and a role of staff or admin")
        keys[digest.lower()] = ApiKey(entry["user"], entry.get("name", ""), role)
    return keys


class TokenVerifier:
    """Access tokens of the OIDC provider: signature against its published keys (JWKS, fetched once and again
    on an unknown key id), issuer, expiry and, when configured, audience."""

    def __init__(self, issuer: str, audience: str | None, roles: Roles):
        self.issuer, self.audience, self.roles = issuer.rstrip("/"), audience, roles
        self._keys = None
        self._fetched = float("-inf")
        self._lock = threading.Lock()

    def _key_set(self, refresh: bool = False):
        """The provider's keys; fetched again on request at most every REFETCH_S (a forged token must not make
        every request a fetch)."""
        import httpx
        from joserfc.jwk import KeySet

        with self._lock:
            stale = refresh and time.monotonic() - self._fetched > REFETCH_S
            if self._keys is None or stale:
                try:
                    config = httpx.get(f"{self.issuer}/.well-known/openid-configuration", timeout=10).json()
                    self._keys = KeySet.import_key_set(httpx.get(config["jwks_uri"], timeout=10).json())
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    if self._keys is None:
                        raise ProviderUnavailable(f"the sign-in provider's keys could not be fetched from {self.issuer}: {exc}") from None
                self._fetched = time.monotonic()
            return self._keys

    def user(self, token: str) -> User:
        from joserfc import jwt
        from joserfc.errors import JoseError

        wanted = {"iss": {"essential": True, "value": self.issuer}, "exp": {"essential": True}, "sub": {"essential": True}}
        if self.audience:
            wanted["aud"] = {"essential": True, "value": self.audience}
        for refresh in (False, True):
            try:
                decoded = jwt.decode(token, self._key_set(refresh), algorithms=["RS256", "ES256", "PS256"])
                break
            except (ValueError, KeyError, JoseError) as exc:  # not signed by a key we hold: the keys may have rotated
                if refresh:
                    raise Unauthorised(f"the token was refused: {getattr(exc, 'error', None) or 'bad signature or format'}") from None
        try:
            jwt.JWTClaimsRegistry(leeway=30, **wanted).validate(decoded.claims)
        except JoseError as exc:
            raise Unauthorised(f"the token was refused: {exc.error}") from None
        return self.roles.user(decoded.claims)


class ApiAuth:
    def __init__(self, settings: Settings, verifier: TokenVerifier | None = None):
        self.keys = load_keys(settings.api_keys_file)
        self.verifier = verifier
        self.rate = settings.api_rate_per_minute
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    @property
    def laptop_mode(self) -> bool:
        return not self.keys and self.verifier is None

    def user(self, authorization: str | None) -> User:
        if self.laptop_mode:
            return LOCAL_USER
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorised("send 'Authorization: Bearer <API key or access token>'")
        token = token.strip()
        key = self.keys.get(key_digest(token))
        if key is not None:
            return User(id=key.user, name=key.name, email="", role=key.role, signed_in=True)  # the app's user key
        if self.verifier is not None and token.count(".") == 2:
            return self.verifier.user(token)
        raise Unauthorised("unknown API key")

    def admit(self, user: User) -> None:
        """At most `rate` requests a minute per user (a sliding window)."""
        now = time.monotonic()
        with self._lock:
            calls = self._calls.setdefault(user.id, deque())
            while calls and now - calls[0] > 60:
                calls.popleft()
            if len(calls) >= self.rate:
                raise TooManyRequests(f"more than {self.rate} requests a minute; try again in {60 - (now - calls[0]):.0f} s")
            calls.append(now)
