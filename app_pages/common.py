"""What every page shares: the engine, the library's documents, who is using the app, source badges and
the source viewer. UI only: every piece of logic comes from rag/."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from rag.engine import Engine
from rag.presentation import KIND_COLOURS, KIND_LABELS, document_html, escape_markdown
from rag.settings import Settings
from rag.types import Document


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    return Engine.build(Settings.from_env())


def documents() -> dict[str, Document]:
    return {d.doc_id: d for d in get_engine().index.list_documents()}


def owner() -> str:
    """Whose saved choices these are: the signed-in user, else this installation's single user."""
    user = st.user  # dict-like; without sign-in configured it holds no is_logged_in at all
    if user.get("is_logged_in"):
        return str(user.get("email") or user.get("sub") or "local")
    return "local"


def kind_badge(kind: str, origin: str = "library") -> None:
    label = "Upload" if origin == "upload" else KIND_LABELS.get(kind, kind)
    st.badge(label, color="gray" if origin == "upload" else KIND_COLOURS.get(kind, "gray"))


def open_source(doc_id: str, start: int, end: int) -> None:
    st.session_state.viewing = (doc_id, start, end)


@st.dialog("Source", width="large")
def show_source(doc_id: str, start: int, end: int) -> None:
    """The whole cleaned document, scrolled to the quote."""
    engine = get_engine()
    doc = documents().get(doc_id)
    if doc is None:
        st.info("That document is no longer in the library.")
        return
    full = engine.index.get_document(doc_id)
    st.markdown(f"**{escape_markdown(doc.metadata.title)}**")
    kind_badge(doc.metadata.kind, doc.metadata.origin)
    page = full.page_at(start)
    st.caption(f"{escape_markdown(doc.path)} · published {doc.metadata.published_label()}"
               + (f" · quote on page {page}" if page else "") + f" · characters {start}–{end}")
    st.markdown(f"“{escape_markdown(full.text[start:end])}”")
    components.html(document_html(full.text, start, end, full.page_starts), height=560, scrolling=True)
