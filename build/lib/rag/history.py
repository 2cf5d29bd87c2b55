"""Each user's chats, feedback and saved choices (SQLite in data/, or PostgreSQL): they survive a reload,
a restart and a server killed mid-answer, and no user can read or change another's."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict, dataclass, field

import sqlalchemy as sa

from .storage.schema import chats as CHATS
from .storage.schema import feedback as FEEDBACK
from .storage.schema import messages as MESSAGES
from .storage.schema import preferences as PREFERENCES
from .types import Answer


class ChatNotFound(KeyError):
    """No such chat for this user: the same answer whether it does not exist or is someone else's."""


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


@dataclass
class UserData:
    """Everything stored for one user, as they can download it."""
    owner: str
    chats: list[dict] = field(default_factory=list)
    feedback: list[dict] = field(default_factory=list)
    preferences: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


class ChatStore:
    def __init__(self, engine: sa.Engine):
        self._db = engine

    def new_chat(self, owner: str, title: str = "New chat") -> str:
        chat_id = _new_id()
        now = time.time()
        with self._db.begin() as c:
            c.execute(sa.insert(CHATS).values(id=chat_id, owner=owner, title=title, created=now, updated=now))
        return chat_id

    def owns(self, chat_id: str, owner: str) -> bool:
        with self._db.connect() as c:
            return c.execute(sa.select(CHATS.c.id).where(CHATS.c.id == chat_id, CHATS.c.owner == owner)).first() is not None

    def chats(self, owner: str, limit: int = 50) -> list[Chat]:
        query = (sa.select(CHATS.c.id, CHATS.c.title, CHATS.c.updated).where(CHATS.c.owner == owner)
                 .order_by(CHATS.c.updated.desc()).limit(limit))
        with self._db.connect() as c:
            return [Chat(*row) for row in c.execute(query)]

    def add(self, chat_id: str, owner: str, role: str, content: str, answer: Answer | None = None) -> str:
        """One message, committed before this returns (a server killed later loses nothing saved)."""
        message_id = _new_id()
        now = time.time()
        with self._db.begin() as c:
            if c.execute(sa.select(CHATS.c.id).where(CHATS.c.id == chat_id, CHATS.c.owner == owner).with_for_update()).first() is None:
                raise ChatNotFound(chat_id)
            seq = c.execute(sa.select(sa.func.count()).select_from(MESSAGES).where(MESSAGES.c.chat_id == chat_id)).scalar_one()
            c.execute(sa.insert(MESSAGES).values(id=message_id, chat_id=chat_id, seq=seq, role=role, content=content,
                                                 answer_json=json.dumps(answer.to_json()) if answer else None, created=now))
            changes = {"updated": now, **({"title": content[:80]} if seq == 0 and role == "user" else {})}
            c.execute(sa.update(CHATS).where(CHATS.c.id == chat_id).values(**changes))
        return message_id

    def messages(self, chat_id: str, owner: str) -> list[Message]:
        query = (sa.select(MESSAGES.c.id, MESSAGES.c.role, MESSAGES.c.content, MESSAGES.c.answer_json)
                 .join(CHATS, CHATS.c.id == MESSAGES.c.chat_id)
                 .where(MESSAGES.c.chat_id == chat_id, CHATS.c.owner == owner).order_by(MESSAGES.c.seq))
        with self._db.connect() as c:
            return [Message(i, r, t, json.loads(a) if a else None) for i, r, t, a in c.execute(query)]

    def feedback(self, message_id: str, owner: str, rating: int, comment: str = "") -> None:
        """Thumbs up (1) or down (0), stored with the question, the answer and its citations."""
        with self._db.begin() as c:
            row = c.execute(sa.select(MESSAGES.c.chat_id, MESSAGES.c.seq, MESSAGES.c.content, MESSAGES.c.answer_json)
                            .join(CHATS, CHATS.c.id == MESSAGES.c.chat_id)
                            .where(MESSAGES.c.id == message_id, CHATS.c.owner == owner)).first()
            if row is None:
                raise KeyError(message_id)
            chat_id, seq, content, answer_json = row
            question = c.execute(sa.select(MESSAGES.c.content).where(
                MESSAGES.c.chat_id == chat_id, MESSAGES.c.seq < seq, MESSAGES.c.role == "user").order_by(MESSAGES.c.seq.desc()).limit(1)).first()
            citations = json.loads(answer_json)["citations"] if answer_json else []
            values = dict(owner=owner, rating=rating, comment=comment, question=question[0] if question else "", answer=content,
                          citations_json=json.dumps(citations), created=time.time())
            c.execute(sa.delete(FEEDBACK).where(FEEDBACK.c.message_id == message_id))
            c.execute(sa.insert(FEEDBACK).values(message_id=message_id, **values))

    def feedback_for(self, message_id: str, owner: str) -> tuple[int, str] | None:
        with self._db.connect() as c:
            row = c.execute(sa.select(FEEDBACK.c.rating, FEEDBACK.c.comment)
                            .where(FEEDBACK.c.message_id == message_id, FEEDBACK.c.owner == owner)).first()
        return (row[0], row[1] or "") if row else None

    def preference(self, owner: str, key: str, default=None):
        """A saved choice of one user (a comparison group, say): JSON in, JSON out."""
        with self._db.connect() as c:
            row = c.execute(sa.select(PREFERENCES.c.value_json).where(PREFERENCES.c.owner == owner, PREFERENCES.c.key == key)).first()
        return json.loads(row[0]) if row else default

    def set_preference(self, owner: str, key: str, value) -> None:
        with self._db.begin() as c:
            c.execute(sa.delete(PREFERENCES).where(PREFERENCES.c.owner == owner, PREFERENCES.c.key == key))
            c.execute(sa.insert(PREFERENCES).values(owner=owner, key=key, value_json=json.dumps(value), updated=time.time()))

    def export(self, owner: str) -> UserData:
        data = UserData(owner)
        for chat in self.chats(owner, limit=1_000_000):
            data.chats.append({"id": chat.id, "title": chat.title, "updated": chat.updated,
                               "messages": [asdict(m) for m in self.messages(chat.id, owner)]})
        with self._db.connect() as c:
            data.feedback = [dict(row._mapping) for row in c.execute(sa.select(FEEDBACK).where(FEEDBACK.c.owner == owner))]
            data.preferences = {k: json.loads(v) for k, v in c.execute(
                sa.select(PREFERENCES.c.key, PREFERENCES.c.value_json).where(PREFERENCES.c.owner == owner))}
        return data

    def adopt(self, old: str, new: str) -> int:
        """Move what was stored under an old user key (the e-mail address, before users were keyed by
        issuer and subject) to the new key, once: afterwards the old key owns nothing, so an address
        reassigned to someone else later brings them none of it. Returns how many chats moved."""
        if not old or old == new:
            return 0
        with self._db.begin() as c:
            moved = c.execute(sa.update(CHATS).where(CHATS.c.owner == old).values(owner=new)).rowcount
            c.execute(sa.update(FEEDBACK).where(FEEDBACK.c.owner == old).values(owner=new))
            kept = {row[0] for row in c.execute(sa.select(PREFERENCES.c.key).where(PREFERENCES.c.owner == new))}
            c.execute(sa.update(PREFERENCES).where(PREFERENCES.c.owner == old, PREFERENCES.c.key.not_in(kept)).values(owner=new))
            c.execute(sa.delete(PREFERENCES).where(PREFERENCES.c.owner == old))
        return moved

    def delete_all(self, owner: str) -> int:
        """Every chat, message, feedback and saved choice of this user; returns how many chats went."""
        with self._db.begin() as c:
            ids = [row[0] for row in c.execute(sa.select(CHATS.c.id).where(CHATS.c.owner == owner))]
            c.execute(sa.delete(FEEDBACK).where(FEEDBACK.c.owner == owner))
            c.execute(sa.delete(MESSAGES).where(MESSAGES.c.chat_id.in_(ids)))
            c.execute(sa.delete(CHATS).where(CHATS.c.owner == owner))
            c.execute(sa.delete(PREFERENCES).where(PREFERENCES.c.owner == owner))
        return len(ids)


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
