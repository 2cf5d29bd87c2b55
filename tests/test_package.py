"""The installable package: its wheel carries everything the code reads (prompts, gazetteer, migrations,
the app's script and pages), and the `rag` console command runs with no checkout on the path: ingest,
ask, the API and the app. The wheel is installed into a new venv whose dependencies come from this test
environment (a .pth file), so what is tested is the wheel's own content and entry point."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import setuptools

from .conftest import ROOT, wait_for_server
from .servers import free_port


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_every_package_is_listed():
    listed = set(_project()["tool"]["setuptools"]["packages"])
    found = set(setuptools.find_packages(str(ROOT), include=["rag*", "app_pages*"]))
    assert found <= listed, f"add to pyproject.toml: {sorted(found - listed)}"


def test_runtime_requirements_are_pinned_for_the_checkout():
    """The README's install (requirements.txt) holds every runtime dependency of the package, pinned."""
    pinned = {re.split(r"[\[=<> ]", line)[0].lower() for line in (ROOT / "requirements.txt").read_text().splitlines()
              if line.strip() and not line.startswith(("#", "-"))}
    project = _project()["project"]
    needed = {re.split(r"[\[=<> ]", d)[0].lower() for d in project["dependencies"] + project["optional-dependencies"]["team"]
              + project["optional-dependencies"]["llm"]}
    assert needed <= pinned, sorted(needed - pinned)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("pkg")
    wheel_dir = base / "wheels"
    source = base / "source"  # built from a copy: the checkout gets no build/ or egg-info, and no stale build/ gets in
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "app.py"):
        shutil.copy(ROOT / name, source / name)
    for name in ("app_pages", "rag", "prompts"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheel_dir), str(source)],
                   check=True, timeout=300)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # this environment's dependencies
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "-q", str(next(wheel_dir.glob("*.whl")))], check=True, timeout=300)
    work = base / "work"  # no checkout here: documents given on the command line
    (work / "docs").mkdir(parents=True)
    for name in ("ofsted-report-2022-02-11-buckinghamshire.pdf",):
        shutil.copy(ROOT / "documents" / name, work / "docs" / name)
    command = venv / ("Scripts/rag.exe" if sys.platform == "win32" else "bin/rag")
    return command, work


def _run(installed, *args, timeout=600):
    command, work = installed
    return subprocess.run([str(command), *args], capture_output=True, text=True, cwd=work, timeout=timeout)


def test_installed_command_ingests_and_answers(installed):
    version = _run(installed, "--version")
    assert version.returncode == 0 and re.match(r"rag \d+\.\d+", version.stdout)
    ingest = _run(installed, "ingest", "--documents", "docs", "--index", "idx", "--quiet")
    assert ingest.returncode == 0, ingest.stderr
    ask = _run(installed, "ask", "who led the inspection?", "--json", "--documents", "docs", "--index", "idx")
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert "Nick Stacey" in answer["answer"] and answer["citations"]
    bad = subprocess.run([str(installed[0]), "docs", "--documents", "docs", "--index", "idx"], capture_output=True, text=True,
                         cwd=installed[1], env={**_env(), "RAG_CHROMA_PORT": "eighty"}, timeout=120)
    assert bad.returncode == 2 and "RAG_CHROMA_PORT" in bad.stderr and "integer" in bad.stderr


def _env() -> dict:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}


@pytest.mark.parametrize("what", ["api", "app"])
def test_installed_command_serves(installed, what):
    command, work = installed
    if not (work / "idx").exists():
        assert _run(installed, "ingest", "--documents", "docs", "--index", "idx", "--quiet").returncode == 0
    port = free_port()
    proc = subprocess.Popen([str(command), what, "--port", str(port), "--documents", "docs", "--index", "idx"], cwd=work,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    probe = f"http://127.0.0.1:{port}/health" if what == "api" else f"http://127.0.0.1:{port}/_stcore/health"
    try:
        wait_for_server(proc, what, lambda: urllib.request.urlopen(probe, timeout=2).read(), 180)
        body = urllib.request.urlopen(probe, timeout=5).read().decode()
        if what == "api":
            assert json.loads(body)["documents"] == 1
            request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/ask", method="POST",
                                             data=json.dumps({"question": "who led the inspection?", "save": False}).encode(),
                                             headers={"content-type": "application/json"})
            started = time.perf_counter()
            assert "Nick Stacey" in json.loads(urllib.request.urlopen(request, timeout=60).read())["answer"]
            assert time.perf_counter() - started < 60
        else:
            assert body.strip() == "ok"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_configuration_from_a_dotenv_file_and_secrets(tmp_path):
    """A `.env` in the working directory and a secrets folder are read; the environment wins over both;
    importing the settings changes nothing in os.environ. (A fresh process: settings are read once.)"""
    import os

    (tmp_path / ".env").write_text("RAG_CHROMA_PORT=9123\nRAG_LLM_MODEL=from-dotenv\n")
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "RAG_LLM_API_KEY").write_text("from-a-secret-file")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "HF_", "TRANSFORMERS_", "TOKENIZERS_", "ANONYMIZED_"))}
    env.update(RAG_SECRETS_DIR=str(secrets), RAG_LLM_MODEL="from-the-environment", PYTHONPATH=str(ROOT))
    probe = ("import os, json; before = dict(os.environ); from rag.settings import Settings; s = Settings.from_env(); "
             "print(json.dumps([s.chroma_port, s.llm_model, s.llm_api_key, dict(os.environ) == before]))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [9123, "from-the-environment", "from-a-secret-file", True]
