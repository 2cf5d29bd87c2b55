"""Timeline: one local authority's inspections and visits in date order, grades charted, findings quoted."""

from __future__ import annotations

import streamlit as st

from app_pages.common import documents as library_documents
from app_pages.common import get_engine, kind_badge, open_source
from rag import timeline
from rag.domain.grades import GRADES, label
from rag.presentation import escape_markdown

engine = get_engine()
state = st.session_state
documents = library_documents()
text_of = engine.assistant.document_text
authorities = sorted({la for d in documents.values() for la in d.metadata.local_authorities})
GRADE_AXIS = "[''" + "".join(f", '{label(g)}'" for g in reversed(GRADES)) + "][datum.value]"  # 1 = inadequate ... 4


# --- timeline ---------------------------------------------------------------------------------------
def render_timeline(container) -> None:
    import altair as alt

    with container:
        st.markdown("### Inspection history")
        if not authorities:
            st.info("The library holds no documents about a local authority yet.")
            return
        counts = {la: sum(la in d.metadata.local_authorities for d in documents.values()) for la in authorities}
        default = max(counts, key=counts.get)
        authority = st.selectbox("Local authority", authorities, index=authorities.index(default), key="timeline_la")
        include_all = st.toggle("Include press and council items", key="timeline_all")
        full = [engine.index.get_document(d.doc_id) for d in documents.values() if authority in d.metadata.local_authorities
                and (include_all or d.metadata.kind in ("ofsted_report", "ofsted_letter"))]
        entries = timeline.build(full, authority)
        graded = [{"date": e.date, "grade": e.grades["overall_effectiveness"], "score": e.overall_score} for e in entries if e.overall_score]
        if graded:
            scale = alt.Scale(domain=[1, 4])
            axis = alt.Axis(values=[1, 2, 3, 4], labelExpr=GRADE_AXIS)
            chart = alt.Chart(alt.Data(values=graded)).mark_line(point=alt.OverlayMarkDef(size=90)).encode(
                x=alt.X("date:T", title="Inspection"), y=alt.Y("score:Q", scale=scale, axis=axis, title="Overall effectiveness"),
                tooltip=["date:T", "grade:N"]).properties(height=220)
            st.altair_chart(chart, width="stretch")
        for i, entry in enumerate(entries):
            with st.container(border=True):
                head = st.columns([6, 2])
                head[0].markdown(f"**{escape_markdown(entry.label)}**  \n{escape_markdown(entry.document.metadata.title)}")
                with head[1]:
                    kind_badge(entry.document.metadata.kind, entry.document.metadata.origin)
                if entry.grades:
                    st.markdown("  \n".join(f"{escape_markdown(k.replace('_', ' ').capitalize())}: **{escape_markdown(v)}**"
                                            for k, v in entry.grades.items()))
                for j, finding in enumerate(entry.findings):
                    cols = st.columns([8, 2])
                    page = f" (page {finding.page})" if finding.page else ""
                    cols[0].markdown(f"“{escape_markdown(finding.quote)}”{escape_markdown(page)}")
                    if cols[1].button("Open source", key=f"tl-{i}-{j}"):
                        open_source(entry.document.doc_id, finding.start, finding.end)
                        st.rerun()



render_timeline(st.container())
