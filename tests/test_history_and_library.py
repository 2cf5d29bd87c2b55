"""Chats, feedback and export (SQLite in a tmp data folder); library edits and deletion on a real index."""

import json

from rag.history import ChatStore, to_markdown
from rag.library import Library, UploadError, safe_name
from rag.storage.database import open_database
from rag.types import Answer, AnswerPart, Citation

import pytest


def _answer() -> Answer:
    c = Citation(1, "d", "letter.txt", "Ofsted letter", "ofsted_letter", "10 January 2017",
                 "Return home interviews are not timely.", 10, 48, None)
    return Answer("q", parts=[AnswerPart("Ofsted said: “Return home interviews are not timely.” [1]", [1])], citations=[c],
                  text="Ofsted said: “Return home interviews are not timely.” [1]")


def test_chats_survive_a_restart_and_export_with_citations(tmp_path):
    url = f"sqlite:///{tmp_path / 'chats.sqlite'}"
    store = ChatStore(open_database(url))
    chat = store.new_chat("local")
    store.add(chat, "local", "user", "What did Ofsted say about return home interviews in 2016?")
    reply = store.add(chat, "local", "assistant", _answer().text, _answer())
    store.feedback(reply, "local", 0, "Missed the 2018 report")

    reopened = ChatStore(open_database(url))  # a restart
    assert [c.title for c in reopened.chats("local")] == ["What did Ofsted say about return home interviews in 2016?"]
    messages = reopened.messages(chat, "local")
    assert [m.role for m in messages] == ["user", "assistant"]
    assert reopened.feedback_for(reply, "local") == (0, "Missed the 2018 report")
    row = reopened.export("local").feedback[0]
    assert row["question"].startswith("What did Ofsted say") and "[1]" in row["answer"] and json.loads(row["citations_json"])[0]["quote"]

    markdown = to_markdown("Return home interviews", messages)
    assert "**Question:** What did Ofsted say" in markdown
    assert "[1] “Return home interviews are not timely.” — Ofsted letter (10 January 2017), `letter.txt`, characters 10–48" in markdown


def test_library_edit_keeps_curated_values_and_delete_removes(local_settings, local_pipeline):
    index, ingestor = local_pipeline
    (local_settings.documents_dir / "note.txt").write_text("Newham's family hubs answer referrals within a day, inspectors found in 2023. " * 6)
    ingestor.run()
    library = Library(local_settings, ingestor)
    library.edit("note.txt", {"title": "Newham family hubs note", "kind": "council_statement", "published": "2023-05-01"})
    doc = index.list_documents()[0]
    assert doc.metadata.title == "Newham family hubs note" and doc.metadata.kind == "council_statement"
    assert "title" not in doc.metadata.inferred and "kind" not in doc.metadata.inferred
    assert ingestor.run().unchanged == ["note.txt"]  # the edit lives in the catalog: re-indexing keeps it
    with pytest.raises(UploadError):
        library.edit("note.txt", {"kind": "gossip"})
    library.delete("note.txt")
    assert index.list_documents() == []
    assert "note.txt" not in json.loads((local_settings.documents_dir / "catalog.json").read_text())["documents"]


def test_upload_names_are_made_safe():
    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("Report <script>.PDF") == "Report _script.pdf"
