"""Streamlit face of the engine: the entry that prepares the library and lays out the pages. UI only:
every piece of logic comes from rag/; each page is a file in app_pages/."""

from __future__ import annotations

import streamlit as st

from app_pages.common import current_user, get_engine, show_source
from rag.index_files import IndexBusy, IndexUnavailable
from rag.presentation import escape_markdown

st.set_page_config(page_title="Ofsted children's services: cited answers", layout="wide")

try:
    engine = get_engine()
except IndexUnavailable as problem:  # a damaged or outdated index: say what to do, not a traceback
    st.error(f"The search index cannot be used: {problem}")
    st.stop()
state = st.session_state

# --- who is here: sign-in when configured, else the laptop's single user ---------------------------------
user = current_user()
if user is None:
    st.title("Ofsted reports: cited answers")
    st.write("Sign in with your council account to ask questions and see your own chats.")
    st.button("Sign in", type="primary", on_click=st.login)
    st.stop()

# --- first run of this process: bring the index up to date, with a progress bar ---------------------------
# Once per process (rag.services.startup): a session arriving while it runs shows the library at once.
if engine.startup.begin():
    bar = st.progress(0.0, text="Preparing the library…")
    report = None
    try:
        report = engine.library.reindex(progress=lambda p: bar.progress(p.fraction, text=f"Indexing {p.done}/{p.total}: {p.name} {p.rates}"))
    except IndexBusy as busy:
        st.info(f"The library is being updated elsewhere ({busy}). Showing what is already indexed.")
    finally:
        engine.startup.finish(report)
    bar.empty()
elif engine.startup.running:
    st.info("The library is being brought up to date in another session. Showing what is already indexed.")
if "ingest_failures" not in state:
    state.ingest_failures = [(f.path, f.reason) for f in engine.startup.failures]

PAGES = [
    st.Page("app_pages/chat.py", title="Chat", icon=":material/chat:", default=True),
    st.Page("app_pages/inspections.py", title="Inspections", icon=":material/table_chart:", url_path="inspections"),
    st.Page("app_pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("app_pages/library.py", title="Library", icon=":material/folder_open:", url_path="library"),
    st.Page("app_pages/my_data.py", title="My data", icon=":material/person:", url_path="my-data"),
]
if user.can_read_audit:
    PAGES.append(st.Page("app_pages/audit.py", title="Audit log", icon=":material/history:", url_path="audit"))
page = st.navigation(PAGES)
with st.sidebar:
    st.title("Ofsted reports")
    if user.signed_in:
        st.caption(f"Signed in as **{escape_markdown(user.label)}** ({user.role})")
        st.button("Sign out", on_click=st.logout, key="sign_out")
for path, reason in state.get("ingest_failures", []):
    st.warning(f"{path} could not be indexed: {reason}")
page.run()
if state.get("viewing"):
    show_source(*state.pop("viewing"))  # opened once; closing the dialog closes it for good
