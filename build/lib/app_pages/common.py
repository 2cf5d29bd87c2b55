"""What every page shares: the engine, the library's documents, who is using the app, source badges and
the source viewer. UI only: every piece of logic comes from rag/."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components
from streamlit.errors import StreamlitSecretNotFoundError

from rag.engine import Engine
from rag.presentation import KIND_COLOURS, KIND_LABELS, document_html, escape_markdown
from rag.services.users import LOCAL_USER, Roles, User
from rag.settings import Settings, go_offline
from rag.types import Document


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    go_offline()
    engine = Engine.build(Settings.for_app())
    engine.warm_up_in_background()
    return engine


def documents() -> dict[str, Document]:
    return {d.doc_id: d for d in get_engine().index.list_documents()}


def sign_in_configured() -> bool:
    """Sign-in is on when the secrets hold an [auth] section (docs/DEPLOYMENT.md); otherwise laptop mode."""
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:
        return False


def current_user() -> User | None:
    """Who is using the app: the signed-in user with their configured role, the laptop's single user when
    sign-in is not configured, or None when sign-in is configured and nobody has signed in yet."""
    if not sign_in_configured():
        return LOCAL_USER
    if not st.user.get("is_logged_in"):
        return None
    settings = get_engine().settings
    user = Roles.parse(settings.admins, settings.admin_role).user(st.user.to_dict())
    if st.session_state.get("adopted_for") != user.id:  # data stored under the e-mail key before: moved once
        get_engine().chats.adopt(user.email, user.id)
        st.session_state.adopted_for = user.id
    return user


def require_user() -> User:
    """For pages: app.py stops before running a page for someone not signed in."""
    user = current_user()
    if user is None:
        st.stop()
    return user


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
