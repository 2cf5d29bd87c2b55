"""Each user's data on both databases a deployment can use (SQLite on a laptop, a real PostgreSQL server):
isolation, export and erasure, the audit log, role checks, migrations of old laptop databases, and
nothing committed lost when a process is killed with kill -9."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.history import ChatNotFound, ChatStore
from rag.services.actions import UserActions
from rag.services.audit import ERASED, AuditLog
from rag.services.users import ADMIN, LOCAL_USER, STAFF, NotAllowed, Roles
from rag.storage.database import open_database

ROOT = Path(__file__).resolve().parent.parent
ROLES = Roles.parse("Alice@Council.example; carol@council.example")
ALICE = ROLES.user({"sub": "a1", "email": "alice@council.example", "name": "Alice Admin"})
BOB = ROLES.user({"sub": "b1", "email": "bob@council.example", "name": "Bob Staff"})


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'chats.sqlite'}"
    return request.getfixturevalue("postgres").database()


def test_roles_come_from_configuration_not_from_the_user():
    assert (ALICE.role, BOB.role) == (ADMIN, STAFF)
    assert ALICE.id == "a1" and ALICE.email == "alice@council.example" and ALICE.label == "Alice Admin"
    assert ALICE.can_manage_library and not BOB.can_manage_library and not BOB.can_read_audit
    assert ROLES.user({"sub": "x", "email": "x@y", "roles": ["admin"]}).role == STAFF  # no role is configured as admin
    with pytest.raises(NotAllowed):
        ROLES.user({"name": "Nobody", "email": "nobody@council.example"})  # no subject: no key
    assert LOCAL_USER.can_manage_library  # laptop mode: one person does everything


def test_users_are_keyed_as_providers_advise():
    """Issuer and subject (Entra ID: tenant and object id); the e-mail only for display; admins also by a
    role or group the provider puts in the token."""
    roles = Roles.parse("", admin_role="ofsted-rag-admins")
    google = roles.user({"iss": "https://accounts.example/", "sub": "123", "email": "Ann@Council.example"})
    assert google.id == "https://accounts.example|123" and google.email == "ann@council.example" and google.role == STAFF
    entra = roles.user({"iss": "https://login.microsoftonline.com/t1/v2.0", "sub": "pairwise", "tid": "t1", "oid": "o1",
                        "preferred_username": "raj@council.example", "groups": ["ofsted-rag-admins"]})
    assert entra.id == "entra:t1:o1" and entra.role == ADMIN
    renamed = roles.user({"iss": "https://login.microsoftonline.com/t1/v2.0", "sub": "pairwise", "tid": "t1", "oid": "o1",
                          "preferred_username": "raj.patel@council.example"})
    assert renamed.id == entra.id  # a changed address is the same user
    assert Roles.parse("ann@council.example").user({"sub": "123", "email": "ann@council.example"}).role == ADMIN


def test_data_under_an_email_key_moves_to_the_new_key_once(database_url):
    store = ChatStore(open_database(database_url))
    old = store.new_chat("ann@council.example", "before the change of key")
    store.set_preference("ann@council.example", "comparison_group", {"authority": "Leeds", "members": []})
    assert store.adopt("ann@council.example", "entra:t1:o1") == 1
    assert [c.id for c in store.chats("entra:t1:o1")] == [old] and store.chats("ann@council.example") == []
    assert store.preference("entra:t1:o1", "comparison_group")["authority"] == "Leeds"
    assert store.adopt("ann@council.example", "entra:t9:someone-else") == 0  # a reassigned address gets nothing


def test_users_never_see_each_others_chats_or_feedback(database_url):
    store = ChatStore(open_database(database_url))
    alice_chat = store.new_chat(ALICE.id)
    store.add(alice_chat, ALICE.id, "user", "Which councils are rated inadequate?")
    reply = store.add(alice_chat, ALICE.id, "assistant", "None.")
    store.feedback(reply, ALICE.id, 1, "useful")

    assert [c.title for c in store.chats(ALICE.id)] == ["Which councils are rated inadequate?"]
    assert store.chats(BOB.id) == [] and store.messages(alice_chat, BOB.id) == []
    assert store.owns(alice_chat, ALICE.id) and not store.owns(alice_chat, BOB.id)
    with pytest.raises(ChatNotFound):
        store.add(alice_chat, BOB.id, "user", "injected")
    with pytest.raises(KeyError):
        store.feedback(reply, BOB.id, 0, "overwrite")
    assert store.feedback_for(reply, BOB.id) is None and store.feedback_for(reply, ALICE.id) == (1, "useful")
    assert len(store.messages(alice_chat, ALICE.id)) == 2

    store.set_preference(ALICE.id, "comparison_group", {"authority": "Leeds", "members": ["York"]})
    store.set_preference(ALICE.id, "comparison_group", {"authority": "Leeds", "members": ["York", "Barnsley"]})
    assert store.preference(BOB.id, "comparison_group") is None
    assert store.preference(ALICE.id, "comparison_group")["members"] == ["York", "Barnsley"]


def test_export_and_erase_take_only_the_users_own_data(database_url, tmp_path):
    db = open_database(database_url)
    store, audit = ChatStore(db), AuditLog(db)
    actions = UserActions(library=None, chats=store, audit=audit)
    alice_chat = actions.ask(ALICE, None, "Who led the 2025 inspection?")
    bob_chat = actions.ask(BOB, None, "What grade did Leeds get?")
    store.add(bob_chat, BOB.id, "assistant", "Outstanding [1]")
    store.set_preference(BOB.id, "comparison_group", {"authority": "Leeds", "members": []})

    exported = actions.export(BOB).to_json()
    assert exported["owner"] == BOB.id and [c["id"] for c in exported["chats"]] == [bob_chat]
    assert [m["content"] for m in exported["chats"][0]["messages"]] == ["What grade did Leeds get?", "Outstanding [1]"]
    assert exported["preferences"] == {"comparison_group": {"authority": "Leeds", "members": []}}
    assert "Who led" not in json.dumps(exported)

    assert actions.erase(BOB) == 1
    assert store.chats(BOB.id) == [] and store.preference(BOB.id, "comparison_group") is None
    assert [c.id for c in store.chats(ALICE.id)] == [alice_chat]  # Alice keeps hers
    asked = audit.entries(actor=BOB.id, action="asked")
    assert asked and all(e.detail == ERASED and e.target == "" for e in asked)  # the fact stays, the words go
    assert audit.entries(actor=ALICE.id, action="asked")[0].detail == "Who led the 2025 inspection?"
    assert [e.action for e in audit.entries(actor=BOB.id)][:3] == ["erased", "exported", "asked"]


def test_staff_cannot_change_the_library_and_admin_changes_are_audited(database_url, local_settings, local_pipeline):
    from rag.library import Library

    _, ingestor = local_pipeline
    db = open_database(database_url)
    actions = UserActions(Library(local_settings, ingestor), ChatStore(db), AuditLog(db))
    letter = b"Monitoring visit to Newtown children's services, 4 March 2026.\n\nReturn home interviews are now timely.\n" * 4
    for attempt in (lambda: actions.upload(BOB, "visit.txt", letter), lambda: actions.reindex(BOB),
                    lambda: actions.delete(BOB, "uploads/visit.txt"), lambda: actions.correct(BOB, "uploads/visit.txt", {"title": "x"})):
        with pytest.raises(NotAllowed, match="only an administrator"):
            attempt()
    assert not (local_settings.documents_dir / "uploads").exists()

    result = actions.upload(ALICE, "visit.txt", letter)
    actions.correct(ALICE, result.path, {"title": "Newtown visit"})
    actions.delete(ALICE, result.path)
    log = AuditLog(db).entries(actor=ALICE.id)
    assert [(e.action, e.target) for e in log] == [("deleted", "uploads/visit.txt"), ("corrected", "uploads/visit.txt"),
                                                   ("uploaded", "uploads/visit.txt")]
    assert "title=Newtown visit" in log[1].detail
    assert AuditLog(db).entries(actor=BOB.id) == []  # refused attempts changed nothing


OLD_LAPTOP_SCHEMA = """
CREATE TABLE chats (id TEXT PRIMARY KEY, title TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL);
CREATE TABLE messages (id TEXT PRIMARY KEY, chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL, answer_json TEXT, created REAL NOT NULL);
CREATE TABLE feedback (message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE, rating INTEGER NOT NULL, comment TEXT,
    question TEXT NOT NULL, answer TEXT NOT NULL, citations_json TEXT NOT NULL, created REAL NOT NULL);
INSERT INTO chats VALUES ('c1', 'Return home interviews', 1.0, 2.0);
INSERT INTO messages VALUES ('m1', 'c1', 0, 'user', 'What about return home interviews?', NULL, 1.0);
"""


def test_a_laptop_database_from_before_sign_in_is_migrated_in_place(tmp_path):
    path = tmp_path / "chats.sqlite"
    with sqlite3.connect(path) as old:
        old.executescript(OLD_LAPTOP_SCHEMA)
    store = ChatStore(open_database(f"sqlite:///{path}"))
    assert [c.title for c in store.chats(LOCAL_USER.id)] == ["Return home interviews"]  # the laptop user's, as before
    assert store.messages("c1", LOCAL_USER.id)[0].content == "What about return home interviews?"
    AuditLog(open_database(f"sqlite:///{path}")).record("local", "asked", "c1")  # reopening is a no-op migration


WRITER = """
import sys, time
from rag.history import ChatStore
from rag.storage.database import open_database
store = ChatStore(open_database(sys.argv[1]))
chat = store.new_chat("alice@council.example")
for i in range(100000):
    store.add(chat, "alice@council.example", "user", f"question {i}")
    if i == 20:
        print(chat, flush=True)
"""


def test_a_writer_killed_with_kill_9_loses_nothing_it_committed(database_url):
    open_database(database_url)  # migrated before the writer starts
    writer = subprocess.Popen([sys.executable, "-c", WRITER, database_url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    chat = writer.stdout.readline().strip()
    time.sleep(0.3)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    messages = ChatStore(open_database(database_url)).messages(chat, "alice@council.example")
    assert len(messages) > 20
    assert [m.content for m in messages] == [f"question {i}" for i in range(len(messages))]  # whole rows, no gaps
