"""Sign-in and roles through AppTest (`at.user`, `at.secrets`): the page logic a signed-in team sees.
The same flows through real browsers, a real OIDC provider and two servers are in test_team_deployment.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rag.history import ChatStore
from rag.services.audit import AuditLog
from rag.storage.database import open_database

from .conftest import app_library

ROOT = Path(__file__).resolve().parent.parent
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-only-secret-of-enough-length-0123456789",
        "client_id": "rag", "client_secret": "secret", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
ALICE = {"is_logged_in": True, "sub": "alice", "email": "alice@council.example", "name": "Alice Admin"}
BOB = {"is_logged_in": True, "sub": "bob", "email": "bob@council.example", "name": "Bob Staff"}


@pytest.fixture(scope="module")
def team(shipped, tmp_path_factory):
    base = tmp_path_factory.mktemp("team")
    shutil.copytree(shipped.settings.documents_dir, base / "documents")
    shutil.copytree(shipped.settings.index_dir, base / "index")
    with app_library(base, RAG_ADMINS="alice@council.example"):
        yield base


def _app(user: dict, page: str | None = None, chat: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240)
    app.secrets["auth"] = AUTH
    app.user = user
    if chat:
        app.query_params["chat"] = chat
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def _store(base: Path) -> ChatStore:
    return ChatStore(open_database(f"sqlite:///{base / 'data' / 'chats.sqlite'}"))


def test_nobody_signed_in_sees_only_the_sign_in_button(team):
    app = _app({"is_logged_in": False})
    assert [b.label for b in app.button] == ["Sign in"]
    assert not app.chat_input


def test_staff_ask_and_see_only_their_own_chats_even_by_address(team):
    bob = _app(BOB)
    assert any("Signed in as **Bob Staff** (staff)" in c.value for c in bob.sidebar.caption)
    bob.chat_input[0].set_value("What did Ofsted say about return home interviews in 2016?").run()
    assert not bob.exception
    store = _store(team)
    [bob_chat] = store.chats("bob")  # keyed by the provider's subject, not the e-mail address
    assert "not timely" in store.messages(bob_chat.id, "bob")[-1].content

    alice = _app(ALICE, chat=bob_chat.id)  # Alice pastes Bob's chat address
    assert any("not one of yours" in w.value for w in alice.warning)
    assert not any("not timely" in m.value for m in alice.markdown)
    assert not any(b.label.startswith("What did Ofsted say about return home") for b in alice.sidebar.button)
    again = _app(BOB, chat=bob_chat.id)  # Bob's own address reopens his chat
    assert any("not timely" in m.value for m in again.markdown) and not again.warning


def test_staff_cannot_upload_or_read_the_audit_log_and_admins_can(team):
    bob = _app(BOB, page="app_pages/library.py")
    assert any("Only administrators can add" in c.value for c in bob.caption)
    assert not bob.get("file_uploader") and not any(b.label in ("Delete", "Re-index all") for b in bob.button)
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not offered to staff at all
        _app(BOB, page="app_pages/audit.py")

    alice = _app(ALICE, page="app_pages/library.py")
    assert alice.get("file_uploader") and any(b.label == "Re-index all" for b in alice.button)
    log = _app(ALICE, page="app_pages/audit.py")
    rows = log.dataframe[0].value
    asked = rows[(rows["user"] == "bob") & (rows["action"] == "asked")]
    assert len(asked) and asked.iloc[0]["detail"].startswith("What did Ofsted say")
    assert set(rows["user"]) == {"bob"}  # Alice has only read so far


def test_a_user_downloads_and_deletes_only_their_own_data(team):
    store = _store(team)  # data stored under e-mail keys, as before users were keyed by subject: moved at sign-in
    alice_chat = store.new_chat("alice@council.example", "Alice's question")
    store.add(alice_chat, "alice@council.example", "user", "Who led the 2025 inspection?")
    carol = {"is_logged_in": True, "sub": "carol", "email": "carol@council.example", "name": "Carol"}
    carol_chat = store.new_chat("carol@council.example")
    store.add(carol_chat, "carol@council.example", "user", "Which councils are rated inadequate?")

    page = _app(carol, page="app_pages/my_data.py")
    next(b for b in page.button if b.label == "Prepare a download of my data").click().run()
    assert "Which councils are rated inadequate?" in page.session_state["my_data_export"]
    assert "Who led" not in page.session_state["my_data_export"]
    page.checkbox(key="erase_confirm").check().run()
    next(b for b in page.button if b.label == "Delete my data").click().run()
    assert any("Deleted 1 chat" in s.value for s in page.success)
    assert store.chats("carol") == store.chats("carol@council.example") == [] and store.owns(alice_chat, "alice@council.example")
    assert AuditLog(open_database(f"sqlite:///{team / 'data' / 'chats.sqlite'}")).entries(actor="carol")[0].action == "erased"


def test_without_sign_in_the_laptop_user_does_everything(team):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()  # no [auth] secrets: laptop mode
    assert not app.exception and app.chat_input and not any(b.label == "Sign in" for b in app.button)
    app.switch_page("app_pages/my_data.py").run()
    assert any("one user" in c.value for c in app.caption)
    app.switch_page("app_pages/audit.py").run()
    assert not app.exception and app.dataframe  # the laptop's user is its administrator
