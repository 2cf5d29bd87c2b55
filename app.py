"""Streamlit face of the engine. UI only: every piece of logic comes from rag/."""

from __future__ import annotations

import streamlit as st

from rag.cli import document_summary
from rag.engine import Engine
from rag.index import IndexBusy
from rag.settings import Settings

KIND_LABELS = {
    "ofsted_report": "Ofsted report",
    "ofsted_letter": "Ofsted letter",
    "council_statement": "Council",
    "news": "Press",
    "other": "Other",
}

st.set_page_config(page_title="Ofsted children's services reports", layout="wide")


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    return Engine.build(Settings.from_env())


engine = get_engine()

if "index_checked" not in st.session_state:
    # First run on a machine (or documents changed): bring the index up to date, with a progress bar.
    bar = st.progress(0.0, text="Preparing the library…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / total if total else 1.0, text=f"Indexing {done}/{total}: {name}")

    try:
        report = engine.ingestor.run(progress=progress)
        st.session_state.ingest_failures = [(f.path, f.reason) for f in report.failed]
    except IndexBusy as busy:  # another session or the ingest worker is writing: search what is indexed
        st.info(f"The library is being updated elsewhere ({busy}). Showing what is already indexed.")
    bar.empty()
    st.session_state.index_checked = True

st.title("Ofsted children's social care reports")
st.caption("Search the reports and see every passage with its document, date and position.")

for path, reason in st.session_state.get("ingest_failures", []):
    st.warning(f"{path} could not be indexed: {reason}")

documents = {d.doc_id: d for d in engine.index.list_documents()}

search_tab, library_tab = st.tabs(["Search passages", "Library"])

with search_tab:
    query = st.text_input("Search", placeholder="return home interviews")
    if query:
        for passage, score in engine.index.search(query, k=8):
            doc = documents.get(passage.doc_id)
            if doc is None:
                continue
            meta = doc.metadata
            where = f"page {passage.page}" if passage.page else f"paragraph {passage.paragraph}"
            with st.container(border=True):
                st.markdown(f"**{meta.title}**")
                st.caption(
                    f"{KIND_LABELS.get(meta.kind, meta.kind)} · published {meta.published_label()} · "
                    f"{where} · characters {passage.start}–{passage.end} · relevance {score:.2f}"
                )
                st.text(passage.text)  # document text is data: rendered as plain text, never as HTML/Markdown

with library_tab:
    rows = []
    for doc in documents.values():
        summary = document_summary(doc, engine.index.passage_count(doc.doc_id))
        rows.append({
            "title": summary["title"],
            "kind": KIND_LABELS.get(summary["kind"], summary["kind"]),
            "published": doc.metadata.published_label(),
            "inspection": doc.metadata.inspection_label(),
            "local authorities": ", ".join(summary["local_authorities"]),
            "overall grade": summary["grades"].get("overall_effectiveness", ""),
            "lead inspector": summary["lead_inspector"] or "",
            "passages": summary["n_passages"],
            "inferred fields": ", ".join(summary["inferred"]),
            "file": summary["path"],
        })
    st.dataframe(rows, hide_index=True, use_container_width=True)
