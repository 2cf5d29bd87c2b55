"""A council team's deployment, whole: a real PostgreSQL (Debian's package), a `chroma run` server, a real
OIDC provider (oidc-provider-mock), two `streamlit run` servers sharing them and one documents folder,
and headless Chromium with one browser context per user. Screenshots in artifacts/screenshots/team-*.png."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from rag.history import ChatStore
from rag.storage.database import open_database

from .conftest import free_port, wait_for_server
from .servers import USERS, missing

pytestmark = pytest.mark.deployment

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ASK = "Ask a question"
LETTER = ("12 March 2026\n\nDear Director of Children's Services\n\nMonitoring visit to Rutland children's services\n\n"
          "This letter summarises the findings of the monitoring visit to Rutland children's services on 3 and 4 March 2026.\n\n"
          "Inspectors found that the Rutland family hub now answers every referral within one working day.\n\n"
          + "Staff in the family hub described a stable team and manageable workloads. " * 20
          + "\n\nYours sincerely\n\nJane Smith\n\nHis Majesty's Inspector\n")


def compose_command(service: str, host: str, port: int) -> list[str]:
    """A service's command from deploy/compose.yaml, its host and port set for this machine."""
    import yaml

    command = list(yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())["services"][service]["command"])
    command[command.index("--host") + 1] = host
    command[command.index("--port") + 1] = str(port)
    return command


def compose_environment(service: str, values: dict[str, str]) -> dict[str, str]:
    """The variables the compose file sets for a service, each given this machine's value; a variable the
    file sets that the test does not know fails the test (the file and the test cannot drift)."""
    import yaml

    wanted = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())["services"][service]["environment"]
    missing_here = set(wanted) - set(values)
    assert not missing_here, f"deploy/compose.yaml sets {sorted(missing_here)} for {service}: give them here too"
    return {k: values[k] for k in wanted}


class Server:
    """One app server. Each has its own host name (localhost, 127.0.0.1): a browser keeps one sign-in cookie per
    host, and Streamlit ties its cookie to the redirect URI's origin, as two servers behind one proxy would share."""

    def __init__(self, base: Path, name: str, host: str, env: dict):
        self.port = free_port()
        local = base / name
        local.mkdir()
        secrets = local / "secrets.toml"
        secrets.write_text((base / "auth.toml").read_text(encoding="utf-8").replace("HOST", host), encoding="utf-8")
        # The compose file's own command for an app server (deploy/compose.yaml), on a free port here.
        command = compose_command("app1", host="127.0.0.1", port=self.port)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rag", *command[1:], "--", "--secrets.files", str(secrets)],
            cwd=ROOT, env=dict(env, RAG_INDEX_DIR=str(local / "index"), RAG_DATA_DIR=str(local / "data")),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://{host}:{self.port}"
        wait_for_server(self.proc, name, lambda: urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2).close(), 120)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def team(postgres, chroma_server, oidc_provider, shipped, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        missing("Debian's chromium")
    base = tmp_path_factory.mktemp("team-deployment")
    shutil.copytree(shipped.settings.documents_dir, base / "shared-documents")
    (base / "auth.toml").write_text(
        '[auth]\nredirect_uri = "http://HOST:{port}/oauth2callback"\n'
        'cookie_secret = "deployment-test-cookie-secret-0123456789abcdef"\n'
        f'client_id = "rag-app"\nclient_secret = "rag-secret"\nserver_metadata_url = "{oidc_provider.metadata_url}"\n', encoding="utf-8")
    database = postgres.database()
    here = {"DATABASE_URL": database, "RAG_CHROMA_HOST": "127.0.0.1", "RAG_CHROMA_PORT": str(chroma_server),
            "RAG_DOCUMENTS_DIR": str(base / "shared-documents"), "RAG_INDEX_DIR": str(base / "index"),
            "RAG_ADMINS": USERS["alice"]["email"], "RAG_ADMIN_ROLE": "", "RAG_LOCK_TIMEOUT_S": "300"}
    env = dict(os.environ, **compose_environment("app1", here), RAG_COLLECTION_PREFIX=f"team{os.getpid()}")
    # The shared index is built once, as a council's ingest worker would (the embedding cache spares re-embedding).
    (base / "worker" / "index").mkdir(parents=True)
    shutil.copy(shipped.settings.index_dir / "embedding_cache.sqlite", base / "worker" / "index")
    built = subprocess.run([sys.executable, "-m", "rag", "ingest", "--quiet"], cwd=ROOT, capture_output=True, text=True, timeout=900,
                           env=dict(env, RAG_INDEX_DIR=str(base / "worker" / "index")))
    assert built.returncode == 0, built.stderr
    servers = [Server(base, "server1", "localhost", env), Server(base, "server2", "127.0.0.1", env)]
    # The API as the compose file runs it: bearer tokens of the same provider, the same database and index.
    issuer = json.loads(urllib.request.urlopen(oidc_provider.metadata_url, timeout=5).read())["issuer"]
    api_env = dict(os.environ, **compose_environment("api", {**here, "RAG_INDEX_DIR": str(base / "api-index"), "RAG_OIDC_ISSUER": issuer,
                                                              "RAG_OIDC_AUDIENCE": "", "RAG_HEALTH_URL": ""}),
                   RAG_COLLECTION_PREFIX=f"team{os.getpid()}", RAG_DATA_DIR=str(base / "api-data"))
    api_port = free_port()
    api = subprocess.Popen([sys.executable, "-m", "rag", *compose_command("api", host="127.0.0.1", port=api_port)[1:]], cwd=ROOT,
                           env=api_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_server(api, "api", lambda: urllib.request.urlopen(f"http://127.0.0.1:{api_port}/health", timeout=2).close(), 120)
    servers[0].api_url = f"http://127.0.0.1:{api_port}"
    yield servers, base, database
    api.terminate()
    api.wait(timeout=30)
    for s in servers:
        s.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def people(browser, team):
    """Alice (administrator) and Bob (staff), each in their own browser context, signed in through the provider
    on both servers."""
    servers, _, _ = team
    signed_in = {}
    for name in ("alice", "bob"):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        for server in servers:
            page.goto(server.url)
            page.get_by_role("button", name="Sign in").click(timeout=180_000)
            page.get_by_role("button", name=name, exact=True).click(timeout=60_000)  # the provider's preset user
            page.get_by_text(f"Signed in as {USERS[name]['name']}").wait_for(timeout=120_000)
        signed_in[name] = page
    yield signed_in
    for page in signed_in.values():
        page.context.close()


def _ask(page, question: str) -> str:
    """Asks in the page's chat and returns the chat id the address now carries, once the answer is shown."""
    box = page.get_by_placeholder(re.compile(ASK))
    box.fill(question)
    box.press("Enter")
    page.locator("[data-testid=stChatMessage]").filter(has_text="[1]").last.wait_for(timeout=120_000)
    page.wait_for_url(re.compile(r"[?&]chat=\w+"), timeout=30_000)
    return re.search(r"[?&]chat=(\w+)", page.url).group(1)


def test_two_users_on_two_servers_never_see_each_others_chats(team, people, oidc_provider):
    servers, _, database = team
    alice, bob = people["alice"], people["bob"]
    alice.goto(servers[0].url)  # Alice works on the first server
    alice.get_by_text("Signed in as Alice Admin").wait_for(timeout=120_000)
    alice_chat = _ask(alice, "What did Ofsted say about return home interviews in 2016?")
    bob.goto(servers[1].url)  # Bob works on the other server
    bob.get_by_text("Signed in as Bob Staff").wait_for(timeout=120_000)
    bob_chat = _ask(bob, "Who led the 2025 inspection?")
    assert alice_chat != bob_chat
    bob.locator("[data-testid=stSidebar]").get_by_text("Who led the 2025 inspection?").wait_for(timeout=60_000)
    assert "return home interviews" not in bob.locator("[data-testid=stSidebar]").inner_text()
    bob.screenshot(path=str(SHOTS / "team-bob.png"))

    bob.goto(f"{servers[1].url}/?chat={alice_chat}")  # Bob pastes Alice's chat address
    bob.get_by_text("not one of yours").wait_for(timeout=60_000)
    assert bob.locator("[data-testid=stChatMessage]").count() == 0  # a fresh chat: none of Alice's messages
    assert "take-up by children" not in bob.inner_text("body")  # nor her answer's words anywhere
    bob.screenshot(path=str(SHOTS / "team-bob-pasted-address.png"))

    alice.goto(f"{servers[1].url}/?chat={alice_chat}")  # Alice's own chat opens on either server (one database)
    alice.get_by_text("not timely").first.wait_for(timeout=60_000)
    store = ChatStore(open_database(database))
    assert [c.id for c in store.chats(oidc_provider.user_key("bob"))] == [bob_chat]
    assert [c.id for c in store.chats(oidc_provider.user_key("alice"))] == [alice_chat]


def test_an_admin_upload_on_one_server_is_answered_on_the_other_and_staff_cannot_upload(team, people, tmp_path):
    servers, base, _ = team
    alice, bob = people["alice"], people["bob"]
    bob.goto(f"{servers[1].url}/library")
    bob.get_by_text("Only administrators can add").wait_for(timeout=60_000)
    held = int(re.search(r"holds (\d+) documents", bob.inner_text("body")).group(1))
    assert bob.locator("input[type=file]").count() == 0
    assert bob.get_by_role("button", name="Re-index all").count() == 0

    upload = tmp_path / "rutland-visit.txt"
    upload.write_text(LETTER, encoding="utf-8")
    alice.goto(f"{servers[0].url}/library")
    alice.locator("input[type=file]").set_input_files(str(upload))
    alice.get_by_role("button", name="Add to library").click(timeout=60_000)
    alice.get_by_text("rutland-visit.txt was added").wait_for(timeout=300_000)
    assert (base / "shared-documents" / "uploads" / "rutland-visit.txt").exists()
    alice.screenshot(path=str(SHOTS / "team-alice-upload.png"))

    bob.goto(f"{servers[1].url}/library")  # the upload is in the other server's library...
    bob.get_by_text(f"holds {held + 1} documents").wait_for(timeout=60_000)
    bob.goto(servers[1].url)
    _ask(bob, "What did Ofsted say about referrals in Rutland?")  # ...and answered there, labelled as an upload
    answer = bob.locator("[data-testid=stChatMessage]").last.inner_text()
    assert "one working day" in answer and "An uploaded document" in answer
    bob.screenshot(path=str(SHOTS / "team-bob-answer-from-upload.png"))


def test_a_server_killed_mid_answer_loses_nothing_saved(team, people, oidc_provider):
    servers, _, database = team
    bob = people["bob"]
    store = ChatStore(open_database(database))
    before = {c.id: [m.content for m in store.messages(c.id, oidc_provider.user_key("bob"))] for c in store.chats(oidc_provider.user_key("bob"))}
    bob.goto(servers[0].url)
    bob.get_by_role("button", name="New chat").click(timeout=120_000)
    question = "What did Ofsted say about care leavers in 2025?"
    box = bob.get_by_placeholder(re.compile(ASK))
    box.fill(question)
    box.press("Enter")
    bob.locator("[data-testid=stChatMessage]").filter(has_text=question).first.wait_for(timeout=60_000)
    servers[0].proc.send_signal(signal.SIGKILL)  # the server dies while the answer is being written
    servers[0].proc.wait(timeout=30)

    after = {c.id: [m.content for m in store.messages(c.id, oidc_provider.user_key("bob"))] for c in store.chats(oidc_provider.user_key("bob"))}
    assert all(after[chat][:len(messages)] == messages for chat, messages in before.items())  # every earlier message intact
    new = [chat for chat in after if chat not in before]
    assert len(new) == 1 and after[new[0]][0] == question  # the question was saved before answering began

    bob.goto(servers[1].url)  # the other server carries on with everything
    sidebar = bob.locator("[data-testid=stSidebar]")
    sidebar.get_by_text(question).wait_for(timeout=120_000)
    assert "Who led the 2025 inspection?" in sidebar.inner_text()
    bob.screenshot(path=str(SHOTS / "team-after-kill.png"))


def test_the_api_runs_as_the_compose_file_says_and_wants_a_token(team):
    servers, _, _ = team
    health = json.loads(urllib.request.urlopen(f"{servers[0].api_url}/health", timeout=10).read())
    assert health["status"] == "ok" and health["documents"] >= 9  # the shared index, through the Chroma server
    request = urllib.request.Request(f"{servers[0].api_url}/v1/chats")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401  # sign-in configured: no anonymous use
