"""Chats and feedback in SQLite under a git-ignored data folder: they survive a reload and a restart."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from .types import Answer

SCHEMA = """
CREATE TABLE IF NOT EXISTS chats (id TEXT PRIMARY KEY, title TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY, chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL, answer_json TEXT, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS feedback (
    message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE, rating INTEGER NOT NULL, comment TEXT,
    question TEXT NOT NULL, answer TEXT NOT NULL, citations_json TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS preferences (owner TEXT NOT NULL, key TEXT NOT NULL, value_json TEXT NOT NULL, updated REAL NOT NULL,
    PRIMARY KEY (owner, key));
"""


@dataclass
class Message:
    id: str
    role: str  # "user" or "assistant"
    content: str
    answer: dict | None  # Answer.to_json() for assistant messages


@dataclass
class Chat:
    id: str
    title: str
    updated: float


class ChatStore:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def new_chat(self, title: str = "New chat") -> str:
        chat_id = uuid.uuid4().hex[:12]
        now = time.time()
        with self._lock, self._db:
            self._db.execute("INSERT INTO chats VALUES (?, ?, ?, ?)", (chat_id, title, now, now))
        return chat_id

    def exists(self, chat_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM chats WHERE id = ?", (chat_id,)).fetchone() is not None

    def chats(self, limit: int = 50) -> list[Chat]:
        with self._lock:
            rows = self._db.execute("SELECT id, title, updated FROM chats ORDER BY updated DESC LIMIT ?", (limit,)).fetchall()
        return [Chat(*row) for row in rows]

    def add(self, chat_id: str, role: str, content: str, answer: Answer | None = None) -> str:
        message_id = uuid.uuid4().hex[:12]
        now = time.time()
        with self._lock, self._db:
            seq = self._db.execute("SELECT COUNT(*) FROM messages WHERE chat_id = ?", (chat_id,)).fetchone()[0]
            self._db.execute("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?)", (
                message_id, chat_id, seq, role, content, json.dumps(answer.to_json()) if answer else None, now))
            if seq == 0 and role == "user":
                self._db.execute("UPDATE chats SET title = ? WHERE id = ?", (content[:80], chat_id))
            self._db.execute("UPDATE chats SET updated = ? WHERE id = ?", (now, chat_id))
        return message_id

    def messages(self, chat_id: str) -> list[Message]:
        with self._lock:
            rows = self._db.execute("SELECT id, role, content, answer_json FROM messages WHERE chat_id = ? ORDER BY seq", (chat_id,)).fetchall()
        return [Message(i, r, c, json.loads(a) if a else None) for i, r, c, a in rows]

    def feedback(self, message_id: str, rating: int, comment: str = "") -> None:
        """Thumbs up (1) or down (0), stored with the question, the answer and its citations."""
        with self._lock, self._db:
            row = self._db.execute("SELECT chat_id, seq, content, answer_json FROM messages WHERE id = ?", (message_id,)).fetchone()
            if row is None:
                raise KeyError(message_id)
            chat_id, seq, content, answer_json = row
            question = self._db.execute("SELECT content FROM messages WHERE chat_id = ? AND seq < ? AND role = 'user' ORDER BY seq DESC LIMIT 1",
                                        (chat_id, seq)).fetchone()
            citations = json.loads(answer_json)["citations"] if answer_json else []
            self._db.execute("INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?, ?, ?)", (
                message_id, rating, comment, question[0] if question else "", content, json.dumps(citations), time.time()))

    def feedback_for(self, message_id: str) -> tuple[int, str] | None:
        with self._lock:
            row = self._db.execute("SELECT rating, comment FROM feedback WHERE message_id = ?", (message_id,)).fetchone()
        return (row[0], row[1] or "") if row else None


    def preference(self, owner: str, key: str, default=None):
        """A saved choice of one user (a comparison group, say): JSON in, JSON out."""
        with self._lock:
            row = self._db.execute("SELECT value_json FROM preferences WHERE owner = ? AND key = ?", (owner, key)).fetchone()
        return json.loads(row[0]) if row else default

    def set_preference(self, owner: str, key: str, value) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO preferences VALUES (?, ?, ?, ?)", (owner, key, json.dumps(value), time.time()))


def to_markdown(title: str, messages: list[Message]) -> str:
    """A chat as Markdown, every citation with its quote, document and date."""
    lines = [f"# {title}", ""]
    for m in messages:
        if m.role == "user":
            lines += [f"**Question:** {m.content}", ""]
            continue
        lines += [m.content, ""]
        for c in (m.answer or {}).get("citations", []):
            page = f", page {c['page']}" if c.get("page") else ""
            lines.append(f"[{c['n']}] “{c['quote']}” — {c['title']} ({c['date']}{page}), `{c['document']}`, characters {c['start']}–{c['end']}")
        lines.append("")
    return "\n".join(lines)

