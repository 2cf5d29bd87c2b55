"""Inspections: the national picture at a glance, every cell cited, one click to ask."""

from __future__ import annotations

from app_pages.common import get_engine, open_source, require_user
from app_pages.inspections_view import render

engine = get_engine()
_, records = engine.assistant.records()
who = require_user().id
render(records, engine.assistant.document_text, open_source,
       saved_group=engine.chats.preference(who, "comparison_group"),
       save_group=lambda group: engine.chats.set_preference(who, "comparison_group", group))
