"""What a user does that changes something, in one place: each action checks the user's role and
leaves its line in the audit log. The app and the tests call these, never the library directly."""

from __future__ import annotations

from ..history import ChatStore, UserData
from ..ingest import Progress
from ..library import Library, UploadResult
from ..types import IngestReport
from .audit import AuditLog
from .users import User, require


class UserActions:
    def __init__(self, library: Library, chats: ChatStore, audit: AuditLog):
        self.library = library
        self.chats = chats
        self.audit = audit

    # --- the library (administrators) ------------------------------------------------------------------
    def upload(self, user: User, name: str, data: bytes, progress: Progress | None = None) -> UploadResult:
        require(user.can_manage_library, "add documents")
        result = self.library.add_upload(name, data, progress=progress)
        self.audit.record(user.id, "uploaded", result.path, f"{len(data):,} bytes")
        return result

    def delete(self, user: User, relative: str) -> IngestReport:
        require(user.can_manage_library, "delete documents")
        report = self.library.delete(relative)
        self.audit.record(user.id, "deleted", relative)
        return report

    def correct(self, user: User, relative: str, fields: dict) -> IngestReport:
        require(user.can_manage_library, "correct metadata")
        report = self.library.edit(relative, fields)
        self.audit.record(user.id, "corrected", relative, ", ".join(f"{k}={v}" for k, v in sorted(fields.items())))
        return report

    def reindex(self, user: User, progress: Progress | None = None) -> IngestReport:
        require(user.can_manage_library, "re-index the library")
        report = self.library.reindex(progress=progress)
        self.audit.record(user.id, "reindexed", "", f"{len(report.added)} added, {len(report.updated)} updated, "
                                                   f"{len(report.removed)} removed, {len(report.failed)} failed")
        return report

    # --- a user's own questions and data (everyone) -----------------------------------------------------
    def ask(self, user: User, chat_id: str | None, question: str) -> str:
        """The question saved (a new chat when there is none) before any answering starts; returns the chat."""
        chat_id = chat_id or self.chats.new_chat(user.id, question[:80])
        self.chats.add(chat_id, user.id, "user", question)
        self.audit.record(user.id, "asked", chat_id, question)
        return chat_id

    def export(self, user: User) -> UserData:
        self.audit.record(user.id, "exported")
        return self.chats.export(user.id)

    def erase(self, user: User) -> int:
        removed = self.chats.delete_all(user.id)
        self.audit.erase_questions(user.id)
        self.audit.record(user.id, "erased", "", f"{removed} chats")
        return removed
