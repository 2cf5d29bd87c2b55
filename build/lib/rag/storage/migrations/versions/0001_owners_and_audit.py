"""Chats, messages, feedback, preferences and the audit log, every user row with its owner.

Laptop databases made before sign-in existed (no owner columns, no audit table) are brought up to date
in place: their rows belong to the installation's single user, "local".

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

OWNER = dict(nullable=False, server_default="local")


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "chats" not in existing:
        op.create_table(
            "chats",
            sa.Column("id", sa.String(32), primary_key=True),
            sa.Column("owner", sa.String(320), **OWNER),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("created", sa.Float, nullable=False),
            sa.Column("updated", sa.Float, nullable=False),
        )
    else:
        _add_owner("chats")
    if "messages" not in existing:
        op.create_table(
            "messages",
            sa.Column("id", sa.String(32), primary_key=True),
            sa.Column("chat_id", sa.String(32), sa.ForeignKey("chats.id", ondelete="CASCADE"), nullable=False),
            sa.Column("seq", sa.Integer, nullable=False),
            sa.Column("role", sa.String(16), nullable=False),
            sa.Column("content", sa.Text, nullable=False),
            sa.Column("answer_json", sa.Text),
            sa.Column("created", sa.Float, nullable=False),
        )
    if "feedback" not in existing:
        op.create_table(
            "feedback",
            sa.Column("message_id", sa.String(32), sa.ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("owner", sa.String(320), **OWNER),
            sa.Column("rating", sa.Integer, nullable=False),
            sa.Column("comment", sa.Text),
            sa.Column("question", sa.Text, nullable=False),
            sa.Column("answer", sa.Text, nullable=False),
            sa.Column("citations_json", sa.Text, nullable=False),
            sa.Column("created", sa.Float, nullable=False),
        )
    else:
        _add_owner("feedback")
    if "preferences" not in existing:
        op.create_table(
            "preferences",
            sa.Column("owner", sa.String(320), primary_key=True),
            sa.Column("key", sa.String(120), primary_key=True),
            sa.Column("value_json", sa.Text, nullable=False),
            sa.Column("updated", sa.Float, nullable=False),
        )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.Text, nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
    )
    for table, column in (("chats", "owner"), ("messages", "chat_id"), ("feedback", "owner"), ("audit", "at"), ("audit", "actor")):
        op.create_index(f"ix_{table}_{column}", table, [column])


def _add_owner(table: str) -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
    if "owner" not in columns:
        op.add_column(table, sa.Column("owner", sa.String(320), **OWNER))
