"""Library: every document with its metadata, editable; uploads, deletion and re-indexing."""

from __future__ import annotations

import streamlit as st

from app_pages.common import documents as library_documents
from app_pages.common import get_engine, require_user
from rag.domain.grades import GRADES
from rag.domain.visits import label as visit_label
from rag.index_files import IndexBusy
from rag.library import UploadError
from rag.presentation import KIND_LABELS, escape_markdown

engine = get_engine()
user = require_user()
state = st.session_state
documents = library_documents()
text_of = engine.assistant.document_text
GRADE_COLUMNS = {"overall": "overall", "impact_of_leaders": "leaders", "help_and_protection": "help and protection",
                 "in_care": "children in care", "care_leavers": "care leavers"}


def render_read_only() -> None:
    """Staff see what the library holds; only administrators add, delete, re-index or correct."""
    st.caption(f"The library holds {len(documents)} documents. Only administrators can add, delete, re-index or correct documents.")
    st.dataframe([{"file": d.path, "title": d.metadata.title, "kind": KIND_LABELS.get(d.metadata.kind, d.metadata.kind),
                   "published": d.metadata.published or "", "local authorities": ", ".join(d.metadata.local_authorities),
                   "source": "upload" if d.metadata.origin == "upload" else "library"}
                  for d in sorted(documents.values(), key=lambda d: d.path)], hide_index=True, width="stretch")


# --- library ----------------------------------------------------------------------------------------
def render_library(container) -> None:
    with container:
        st.markdown("### Library")
        if not user.can_manage_library:
            render_read_only()
            return
        uploader_key = f"uploader-{state.get('uploads_done', 0)}"
        files = st.file_uploader("Add documents (PDF, DOCX, TXT, HTML, MD)", type=["pdf", "docx", "txt", "md", "html", "htm"],
                                 accept_multiple_files=True, key=uploader_key)
        if files and st.button("Add to library", type="primary"):
            for f in files:
                bar = st.progress(0.0, text=f"Indexing {f.name}…")
                try:
                    result = engine.actions.upload(user, f.name, f.getvalue(),
                                                       progress=lambda p: bar.progress(p.fraction, text=f"Indexing {f.name}…"))
                    state.setdefault("notices", []).append(("success", f"{f.name} was added as {result.path}."))
                except (UploadError, IndexBusy) as exc:
                    state.setdefault("notices", []).append(("error", f"Not added: {exc}"))
                bar.empty()
            state.uploads_done = state.get("uploads_done", 0) + 1
            st.rerun()
        for level, text in state.pop("notices", []):
            (st.success if level == "success" else st.error)(escape_markdown(text))

        rows = []
        for d in sorted(documents.values(), key=lambda d: d.path):
            m = d.metadata
            rows.append({
                "file": d.path,
                "title": m.title,
                "kind": m.kind,
                "publisher": m.publisher or "",
                "published": m.published or "",
                "inspection_start": m.inspection_start or "",
                "inspection_end": m.inspection_end or "",
                "local_authorities": ", ".join(m.local_authorities),
                "region": d.record.region if d.record else "",
                "visit": visit_label(d.record.kind) if d.record else "",
                "lead_inspector": m.lead_inspector or "",
                **{GRADE_COLUMNS[k]: (d.record.grades.get(k, "") if d.record else "") for k in GRADE_COLUMNS},
                "inferred": ", ".join(m.inferred),
                "source": "upload" if m.origin == "upload" else "library",
            })
        st.caption("Fields listed under “inferred” were read from the text; edit a cell and save to confirm or correct them. "
                   "Grades are the inspection record's (older frameworks' judgements mapped to today's columns).")
        edited = st.data_editor(
            rows, hide_index=True, width="stretch", key="library_table",
            disabled=["file", "region", "visit", "inferred", "source"],
            column_config={"kind": st.column_config.SelectboxColumn("kind", options=list(KIND_LABELS)),
                           **{c: st.column_config.SelectboxColumn(c, options=["", *GRADES]) for c in GRADE_COLUMNS.values()}},
        )
        if st.button("Save metadata changes"):
            changed = 0
            for before, after in zip(rows, edited):
                fields = {k: after[k] for k in ("title", "kind", "publisher", "published", "inspection_start", "inspection_end", "lead_inspector")
                          if after[k] != before[k]}
                grade_edits = {k: after[c] for k, c in GRADE_COLUMNS.items() if after[c] != before[c]}
                if grade_edits:  # a correction of the record: the metadata's grade keys, overall as reports name it
                    doc = documents[next(d for d in documents if documents[d].path == before["file"])]
                    grades = dict(doc.metadata.grades)
                    for k, v in grade_edits.items():
                        key = "overall_effectiveness" if k == "overall" else k
                        grades.pop(key, None) if not v else grades.__setitem__(key, v)
                    fields["grades"] = grades
                if after["local_authorities"] != before["local_authorities"]:
                    fields["local_authorities"] = [x.strip() for x in after["local_authorities"].split(",") if x.strip()]
                if fields:
                    engine.actions.correct(user, before["file"], {k: (v or None) if k not in ("local_authorities", "grades") else v
                                                         for k, v in fields.items()})
                    changed += 1
            state.setdefault("notices", []).append(("success", f"Saved changes to {changed} document(s)."))
            st.rerun()

        cols = st.columns([4, 1, 1])
        target = cols[0].selectbox("Document", [r["file"] for r in rows], key="library_target")
        sure = cols[0].checkbox("Yes, delete this document from the library", key="library_confirm")
        if cols[1].button("Delete", disabled=target is None or not sure):
            engine.actions.delete(user, target)
            state.setdefault("notices", []).append(("success", f"{target} was deleted."))
            st.rerun()
        if cols[2].button("Re-index all"):
            report = engine.actions.reindex(user)
            state.setdefault("notices", []).append(("success", f"Re-indexed: {len(report.added)} added, {len(report.updated)} updated, "
                                                               f"{len(report.removed)} removed, {len(report.failed)} failed."))
            st.rerun()



render_library(st.container())
