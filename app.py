"""Streamlit face of the engine. UI only: layout and session state; every piece of logic comes from rag/."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from rag import suggestions, timeline
from rag.assistant import Conversation
from rag.domain.grades import GRADES, label
from rag.domain.visits import label as visit_label
from rag.engine import Engine
from rag.history import to_markdown
from rag.index import IndexBusy, IndexUnavailable
from rag.library import UploadError
from rag.presentation import (KIND_COLOURS, KIND_LABELS, answer_markdown, document_html, escape_markdown,
                              highlighted_markdown)
from rag.retrieval import Filters
from rag.settings import Settings
from rag.types import Answer

GRADE_AXIS = "[''" + "".join(f", '{label(g)}'" for g in reversed(GRADES)) + "][datum.value]"  # 1 = inadequate ... 4
GRADE_COLUMNS = {"overall": "overall", "impact_of_leaders": "leaders", "help_and_protection": "help and protection",
                 "in_care": "children in care", "care_leavers": "care leavers"}

st.set_page_config(page_title="Ofsted children's services: cited answers", layout="wide")


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    return Engine.build(Settings.from_env())


try:
    engine = get_engine()
except IndexUnavailable as problem:  # a damaged or outdated index: say what to do, not a traceback
    st.error(f"The search index cannot be used: {problem}")
    st.stop()
state = st.session_state

# --- first run: bring the index up to date, with a progress bar ---------------------------------------
if "index_checked" not in state:
    bar = st.progress(0.0, text="Preparing the library…")
    try:
        report = engine.library.reindex(progress=lambda d, t, n: bar.progress(d / t if t else 1.0, text=f"Indexing {d}/{t}: {n}"))
        state.ingest_failures = [(f.path, f.reason) for f in report.failed]
    except IndexBusy as busy:
        st.info(f"The library is being updated elsewhere ({busy}). Showing what is already indexed.")
    bar.empty()
    state.index_checked = True

documents = {d.doc_id: d for d in engine.index.list_documents()}
text_of = engine.assistant.document_text


def kind_badge(kind: str, origin: str = "library") -> None:
    label = "Upload" if origin == "upload" else KIND_LABELS.get(kind, kind)
    st.badge(label, color="gray" if origin == "upload" else KIND_COLOURS.get(kind, "gray"))


def open_source(doc_id: str, start: int, end: int) -> None:
    state.viewing = (doc_id, start, end)


# --- chat selection survives a reload: it lives in the address ------------------------------------------
def replay(chat_id: str | None) -> Conversation:
    """A stored chat's context: its questions and what each answer cited, so follow-ups keep their focus."""
    if not chat_id:
        return Conversation()
    messages = engine.chats.messages(chat_id)
    questions = [m.content for m in messages if m.role == "user"]
    answers = [m.answer for m in messages if m.role == "assistant"]
    return Conversation.replay(questions, answers)


if "chat_id" not in state:
    wanted = st.query_params.get("chat")
    state.chat_id = wanted if wanted and engine.chats.exists(wanted) else None
    state.conversation = replay(state.chat_id)


def start_chat(chat_id: str | None) -> None:
    state.chat_id = chat_id
    state.conversation = replay(chat_id)
    if chat_id:
        st.query_params["chat"] = chat_id
    else:
        st.query_params.clear()


# --- sidebar ----------------------------------------------------------------------------------------
with st.sidebar:
    st.title("Ofsted reports")
    view = st.radio("View", ["Chat", "Timeline", "Library"], key="view", horizontal=True)
    if st.button("New chat", width="stretch"):
        start_chat(None)
        st.rerun()

    st.subheader("Filters")
    years = sorted({y for d in documents.values() for y in d.metadata.years()})
    authorities = sorted({la for d in documents.values() for la in d.metadata.local_authorities})
    kinds = sorted({d.metadata.kind for d in documents.values()})
    chosen_years = st.multiselect("Years", years, key="filter_years")
    chosen_las = st.multiselect("Local authority", authorities, key="filter_las")
    chosen_kinds = st.multiselect("Kinds of source", kinds, format_func=lambda k: KIND_LABELS.get(k, k), key="filter_kinds")
    titles = {d.doc_id: d.metadata.title for d in sorted(documents.values(), key=lambda d: d.metadata.title)}
    chosen_docs = st.multiselect("Documents", list(titles), format_func=titles.get, key="filter_docs")
    filters = Filters(chosen_years, chosen_las, chosen_kinds, chosen_docs)

    st.subheader("Answer mode")
    llm_ready = engine.assistant.generator is not None
    mode = st.radio("Answer mode", ["Quotes only (no LLM)", "LLM (checked quotes)"], key="mode", label_visibility="collapsed",
                    disabled=not llm_ready)
    if not llm_ready:
        st.caption("Set RAG_LLM_BASE_URL to an OpenAI-compatible server to enable the LLM mode.")

    st.subheader("Past chats")
    for chat in engine.chats.chats(limit=12):
        if st.button(chat.title, key=f"chat-{chat.id}", width="stretch", type="primary" if chat.id == state.chat_id else "secondary"):
            start_chat(chat.id)
            st.rerun()
    if state.chat_id:
        messages = engine.chats.messages(state.chat_id)
        title = next((m.content for m in messages if m.role == "user"), "Chat")
        st.download_button("Export this chat (Markdown)", to_markdown(title, messages), file_name=f"chat-{state.chat_id}.md",
                           mime="text/markdown", width="stretch")

for path, reason in state.get("ingest_failures", []):
    st.warning(f"{path} could not be indexed: {reason}")

main = st.container()


# --- the source viewer: the whole cleaned document, scrolled to the quote --------------------------------
@st.dialog("Source", width="large")
def show_source(doc_id: str, start: int, end: int) -> None:
    doc = documents.get(doc_id)
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


# --- chat -------------------------------------------------------------------------------------------
def render_sources(answer: dict, key: str) -> None:
    for c in answer["citations"]:
        with st.container(border=True):
            head = st.columns([6, 2])
            head[0].markdown(f"**[{c['n']}]** {escape_markdown(c['title'])}")
            with head[1]:
                doc = documents.get(c.get("doc_id"))
                kind_badge(c["kind"], doc.metadata.origin if doc else "library")
            where = f" · page {c['page']}" if c.get("page") else ""
            st.caption(f"{escape_markdown(c['date'])}{where} · {escape_markdown(c['document'])}")
            source = text_of(c["doc_id"]) if c.get("doc_id") else None
            if source is not None and source[c["start"]:c["end"]] == c["quote"]:
                st.markdown(highlighted_markdown(source, c["start"], c["end"]))
                if st.button("Open source", key=f"open-{key}-{c['n']}"):
                    open_source(c["doc_id"], c["start"], c["end"])
                    st.rerun()
            else:
                st.markdown(f"“{escape_markdown(c['quote'])}”")
                st.caption("This document has changed or left the library since the answer was given.")


def render_feedback(message_id: str) -> None:
    stored = engine.chats.feedback_for(message_id)
    rating = st.feedback("thumbs", key=f"fb-{message_id}")
    if rating is not None and (stored is None or stored[0] != rating):
        engine.chats.feedback(message_id, rating)
        stored = (rating, "")
    if stored is not None:
        comment = st.text_input("Comment (optional)", value=stored[1], key=f"fbc-{message_id}", placeholder="What was right or wrong?")
        if comment != stored[1]:
            engine.chats.feedback(message_id, stored[0], comment)
            st.toast("Thank you: feedback saved.")


def stream_answer(question: str):
    """Yield readable text while the answer is produced; keep the checked answer in state."""
    for event in engine.assistant.ask_stream(question, conversation=state.conversation, filters=filters,
                                             use_llm=mode.startswith("LLM") and llm_ready):
        if isinstance(event, Answer):
            state.last_answer = event
            if event.mode == "llm":
                yield "\n\n*Checked: showing only sentences whose quotes match their sources.*\n\n"
            for part in event.parts:
                yield answer_markdown(part.text if not part.group else f"{part.group}: {part.text}") + "\n\n"
        else:
            yield escape_markdown(event)


def previous_question(messages, answer_message) -> str | None:
    i = messages.index(answer_message)
    return next((m.content for m in reversed(messages[:i]) if m.role == "user"), None)


def render_chat(container) -> None:
    with container:
        messages = engine.chats.messages(state.chat_id) if state.chat_id else []
        if not messages:
            st.markdown("### Ask about Ofsted inspections of children's social care")
            st.caption("Every sentence of an answer is a verbatim quote, checked against its source, with the document and date.")
            docs_with_text = {d.doc_id: text_of(d.doc_id) or "" for d in documents.values()
                              if d.metadata.kind in ("ofsted_report", "ofsted_letter")}
            for i, q in enumerate(suggestions.starter_questions(list(documents.values()), docs_with_text)):
                if st.button(q, key=f"starter-{i}"):
                    state.pending = q
                    st.rerun()
        for m in messages:
            with st.chat_message(m.role):
                if m.role == "user":
                    st.markdown(escape_markdown(m.content))
                    continue
                understood = (m.answer or {}).get("understood", {}).get("question")
                asked = previous_question(messages, m)
                if understood and asked and understood.strip(" ?").lower() != asked.strip(" ?").lower():
                    cols = st.columns([5, 2])
                    cols[0].caption(f"Understood as: {escape_markdown(understood)}")
                    if cols[1].button("Ask it on its own instead", key=f"alone-{m.id}"):
                        state.conversation = Conversation()  # the follow-up without the earlier turns
                        state.pending = asked
                        st.rerun()
                st.markdown(answer_markdown(m.content))
                if m.answer and m.answer.get("table"):
                    st.dataframe([{**{k: v for k, v in row.items() if k != "citations"},
                                   "sources": " ".join(f"[{n}]" for n in row["citations"])} for row in m.answer["table"]],
                                 hide_index=True, width="stretch")
                if m.answer and m.answer.get("refused"):
                    st.caption("No source answers this, so nothing is cited.")
                if m.answer and m.answer["citations"]:
                    render_sources(m.answer, m.id)
                render_feedback(m.id)

    question = st.chat_input("Ask a question, e.g. what did Ofsted say about return home interviews in 2016?")
    question = question or state.pop("pending", None)
    if question:
        if state.chat_id is None:
            start_chat(engine.chats.new_chat(question[:80]))
        engine.chats.add(state.chat_id, "user", question)
        with container:
            with st.chat_message("user"):
                st.markdown(escape_markdown(question))
            with st.chat_message("assistant"):
                st.write_stream(stream_answer(question))
        answer = state.pop("last_answer")
        engine.chats.add(state.chat_id, "assistant", answer.text, answer)
        st.rerun()


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


# --- library ----------------------------------------------------------------------------------------
def render_library(container) -> None:
    with container:
        st.markdown("### Library")
        uploader_key = f"uploader-{state.get('uploads_done', 0)}"
        files = st.file_uploader("Add documents (PDF, DOCX, TXT, HTML, MD)", type=["pdf", "docx", "txt", "md", "html", "htm"],
                                 accept_multiple_files=True, key=uploader_key)
        if files and st.button("Add to library", type="primary"):
            for f in files:
                bar = st.progress(0.0, text=f"Indexing {f.name}…")
                try:
                    result = engine.library.add_upload(f.name, f.getvalue(),
                                                       progress=lambda d, t, n: bar.progress(d / t if t else 1.0, text=f"Indexing {f.name}…"))
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
                    engine.library.edit(before["file"], {k: (v or None) if k not in ("local_authorities", "grades") else v
                                                         for k, v in fields.items()})
                    changed += 1
            state.setdefault("notices", []).append(("success", f"Saved changes to {changed} document(s)."))
            st.rerun()

        cols = st.columns([4, 1, 1])
        target = cols[0].selectbox("Document", [r["file"] for r in rows], key="library_target")
        sure = cols[0].checkbox("Yes, delete this document from the library", key="library_confirm")
        if cols[1].button("Delete", disabled=target is None or not sure):
            engine.library.delete(target)
            state.setdefault("notices", []).append(("success", f"{target} was deleted."))
            st.rerun()
        if cols[2].button("Re-index all"):
            report = engine.library.reindex()
            state.setdefault("notices", []).append(("success", f"Re-indexed: {len(report.added)} added, {len(report.updated)} updated, "
                                                               f"{len(report.removed)} removed, {len(report.failed)} failed."))
            st.rerun()


if view == "Chat":
    render_chat(main)
elif view == "Timeline":
    render_timeline(main)
else:
    render_library(main)
if state.get("viewing"):
    show_source(*state.pop("viewing"))  # opened once; closing the dialog closes it for good
