"""The container files are the deployment, so they are checked against the code: every command in the
compose file is a command of `rag`, every variable it sets is one the configuration reads, every service
is started in order of health, and every file it mounts from the repository exists."""

from __future__ import annotations

import re
import shlex

import yaml

from rag.cli import build_parser
from rag.settings import _Environment

from .conftest import ROOT

COMPOSE = ROOT / "deploy" / "compose.yaml"


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def _known_variables() -> set[str]:
    names = set()
    for field in _Environment.model_fields.values():
        alias = field.validation_alias
        names.update(getattr(alias, "choices", None) or [alias])
    return {n for n in names if isinstance(n, str)}


def test_every_command_and_variable_is_the_products():
    services = _compose()["services"]
    ours = {name: s for name, s in services.items() if "build" in s}
    assert set(ours) == {"app1", "app2", "api"}
    parser, known = build_parser(), _known_variables()
    for name, service in ours.items():
        command = service["command"]
        assert command[0] == "rag"
        parser.parse_args(command[1:])  # exits on an unknown command or flag
        for variable in service["environment"]:
            assert variable in known or variable == "RAG_HEALTH_URL", f"{name}: {variable} is read by nothing"


def test_services_start_in_order_of_health():
    services = _compose()["services"]
    for name, service in services.items():
        for needed, condition in (service.get("depends_on") or {}).items():
            assert condition == {"condition": "service_healthy"}, f"{name} waits on {needed} without its health"
            assert "healthcheck" in services[needed] or "build" in services[needed]  # ours: the Dockerfile's
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^HEALTHCHECK ", dockerfile, re.M) and re.search(r"^USER rag$", dockerfile, re.M)
    assert re.search(r"^RUN rag warm-model$", dockerfile, re.M)  # the model exported at build time
    assert re.search(r"^EXPOSE ", dockerfile, re.M) and re.search(r"^CMD \[", dockerfile, re.M)
    cmd = re.search(r"^CMD (.+)$", dockerfile, re.M)[1]
    build_parser().parse_args(yaml.safe_load(cmd)[1:])


def test_mounted_files_exist_and_secrets_stay_out_of_the_image():
    for service in _compose()["services"].values():
        for volume in service.get("volumes", []):
            source = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", volume.split(":")[0])
            if source.startswith(".") and not source.endswith("secrets.toml"):  # secrets are the council's own
                assert (COMPOSE.parent / source).exists(), f"{volume}: {source} is not in the repository"
    ignored = (ROOT / ".dockerignore").read_text().split()
    for private in (".venv/", "index/", "data/", ".streamlit/secrets.toml", ".env"):
        assert private in ignored
    copied = re.findall(r"^COPY (.+) \S+$", (ROOT / "Dockerfile").read_text(), re.M)
    assert not any(part in (".", "./") for line in copied for part in shlex.split(line)), "the whole tree is copied"
    caddy = (COMPOSE.parent / "Caddyfile").read_text()
    assert "tls internal" in caddy and not re.search(r"tls\s+/", caddy)  # no certificate file that is never mounted
