"""My data: who you are signed in as, and everything stored for you, to download or delete."""

from __future__ import annotations

import json

import streamlit as st

from app_pages.common import get_engine, require_user
from rag.presentation import escape_markdown

engine = get_engine()
user = require_user()
state = st.session_state

st.markdown("### My data")
if user.signed_in:
    st.write(f"Signed in as **{escape_markdown(user.label)}**" + (f" ({escape_markdown(user.email)})" if user.email else "")
             + f". Role: **{user.role}**.")
else:
    st.caption("Sign-in is not configured: this installation has one user, and everything below is theirs.")

chats = engine.chats.chats(user.id, limit=1_000_000)
st.metric("Your chats", len(chats))
st.caption("Your chats, the feedback you gave and your saved choices (such as your comparison group) are stored for you "
           "alone; nobody else can open them.")

if st.button("Prepare a download of my data"):
    state.my_data_export = json.dumps(engine.actions.export(user).to_json(), ensure_ascii=False, indent=2)
if state.get("my_data_export"):
    st.download_button("Download my data (JSON)", state.my_data_export, file_name="my-ofsted-chats.json", mime="application/json")

st.divider()
sure = st.checkbox("Yes, delete all my chats, feedback and saved choices", key="erase_confirm")
if st.button("Delete my data", type="primary", disabled=not sure):
    removed = engine.actions.erase(user)
    for key in ("chat_id", "conversation", "chat_owner", "my_data_export"):
        state.pop(key, None)
    st.query_params.clear()
    st.success(f"Deleted {removed} chat(s) and everything stored with them.")
