"""Audit log (administrators): who asked, uploaded, deleted, re-indexed or corrected what, and when."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from app_pages.common import get_engine, require_user
from rag.services.audit import ACTIONS

engine = get_engine()
user = require_user()
if not user.can_read_audit:  # the page is not offered to staff; a typed address ends here
    st.error("Only administrators can read the audit log.")
    st.stop()

st.markdown("### Audit log")
cols = st.columns(2)
actor = cols[0].text_input("User (e-mail)", key="audit_actor").strip().lower() or None
action = cols[1].selectbox("Action", ["", *ACTIONS], key="audit_action") or None
entries = engine.audit.entries(limit=1000, actor=actor, action=action)
st.dataframe([{"when": datetime.fromtimestamp(e.at).strftime("%Y-%m-%d %H:%M:%S"), "user": e.actor, "action": e.action,
               "what": e.target, "detail": e.detail} for e in entries], hide_index=True, width="stretch")
st.caption(f"{len(entries)} entries, newest first.")
