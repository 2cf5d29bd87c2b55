"""Real servers a team's deployment runs, started by the tests on free ports: PostgreSQL (Debian's
package) and an OIDC provider (oidc-provider-mock). CI requires them (RAG_REQUIRE_DEPLOYMENT=1)."""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing(what: str) -> None:
    """Skip on a machine without the piece; fail in CI, where every deployment test must run."""
    if os.environ.get("RAG_REQUIRE_DEPLOYMENT") == "1":
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} is not installed here")


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    return Path(found[-1]).parent if found else None


def _as_postgres_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package creates the "postgres" account.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A throw-away cluster: initdb with trust auth on 127.0.0.1, one database per call to database()."""

    def __init__(self, wait_for_server):
        bin_dir = _postgres_bin()
        if bin_dir is None:
            missing("PostgreSQL (apt-get install postgresql)")
        self.root = Path(tempfile.mkdtemp(prefix="rag-pg-"))
        os.chmod(self.root, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.port = free_port()
        data = self.root / "data"
        subprocess.run(_as_postgres_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "rag", "--auth=trust", "-E", "UTF8"]),
                       check=True, capture_output=True)
        self.proc = subprocess.Popen(_as_postgres_user([
            str(bin_dir / "postgres"), "-D", str(data), "-p", str(self.port), "-k", str(self.root),
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_server(self.proc, "postgres", self._probe, 60)
        self._count = 0

    def _probe(self) -> None:
        import psycopg

        try:
            psycopg.connect(f"host=127.0.0.1 port={self.port} user=rag dbname=postgres", connect_timeout=2).close()
        except psycopg.OperationalError as exc:
            raise OSError(str(exc)) from exc

    def database(self) -> str:
        import psycopg

        self._count += 1
        name = f"rag{self._count}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=rag dbname=postgres", autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        return f"postgresql://rag@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)


# Preset users of the OIDC provider: one button each on its login page.
USERS = {
    "alice": {"sub": "alice", "email": "alice@council.example", "name": "Alice Admin"},
    "bob": {"sub": "bob", "email": "bob@council.example", "name": "Bob Staff"},
}


class OidcProvider:
    def __init__(self, wait_for_server):
        exe = shutil.which("oidc-provider-mock", path=str(Path(sys.executable).parent))
        if exe is None:
            missing("oidc-provider-mock")
        self.port = free_port()
        claims = [arg for user in USERS.values() for arg in ("--user-claims", json.dumps(user))]
        self.proc = subprocess.Popen([exe, "--port", str(self.port), *claims], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_server(self.proc, "oidc-provider-mock", lambda: urllib.request.urlopen(self.metadata_url, timeout=2).close(), 60)

    @property
    def metadata_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/.well-known/openid-configuration"

    def user_key(self, name: str) -> str:
        """The key the app stores a test user's data under: this provider's issuer and the user's subject."""
        from rag.services.users import user_key

        issuer = json.loads(urllib.request.urlopen(self.metadata_url, timeout=5).read())["issuer"]
        return user_key({"iss": issuer, "sub": USERS[name]["sub"]})

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
