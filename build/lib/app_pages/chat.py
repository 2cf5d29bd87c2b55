"""Chat: ask in plain English; every sentence of an answer is a quote checked against its source."""

from __future__ import annotations

import streamlit as st

from app_pages.common import documents as library_documents
from app_pages.common import get_engine, kind_badge, open_source, require_user
from rag import suggestions
from rag.assistant import Conversation
from rag.history import to_markdown
from rag.presentation import KIND_LABELS, answer_markdown, escape_markdown, highlighted_markdown
from rag.retrieval import Filters
from rag.types import Answer

engine = get_engine()
user = require_user()
state = st.session_state
documents = library_documents()
text_of = engine.assistant.document_text


# --- chat selection survives a reload: it lives in the address ------------------------------------------
def replay(chat_id: str | None) -> Conversation:
    """A stored chat's context: its questions and what each answer cited, so follow-ups keep their focus."""
    if not chat_id:
        return Conversation()
    messages = engine.chats.messages(chat_id, user.id)
    questions = [m.content for m in messages if m.role == "user"]
    answers = [m.answer for m in messages if m.role == "assistant"]
    return Conversation.replay(questions, answers)


if state.get("chat_owner") != user.id:  # a new session, or another user signed in on this browser
    state.chat_owner = user.id
    state.chat_id = None
    state.conversation = Conversation()
wanted = st.query_params.get("chat")
if wanted and wanted != state.chat_id:  # a chat in the address opens only for its owner
    if engine.chats.owns(wanted, user.id):
        state.chat_id = wanted
        state.conversation = replay(wanted)
    else:
        st.query_params.clear()
        st.warning("That chat is not one of yours, or it no longer exists. Here is a new chat.")


def start_chat(chat_id: str | None) -> None:
    state.chat_id = chat_id
    state.conversation = replay(chat_id)
    if chat_id:
        st.query_params["chat"] = chat_id
    else:
        st.query_params.clear()


# --- sidebar ----------------------------------------------------------------------------------------
with st.sidebar:
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
    for chat in engine.chats.chats(user.id, limit=12):
        if st.button(chat.title, key=f"chat-{chat.id}", width="stretch", type="primary" if chat.id == state.chat_id else "secondary"):
            start_chat(chat.id)
            st.rerun()
    if state.chat_id:
        messages = engine.chats.messages(state.chat_id, user.id)
        title = next((m.content for m in messages if m.role == "user"), "Chat")
        st.download_button("Export this chat (Markdown)", to_markdown(title, messages), file_name=f"chat-{state.chat_id}.md",
                           mime="text/markdown", width="stretch")


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
    stored = engine.chats.feedback_for(message_id, user.id)
    rating = st.feedback("thumbs", key=f"fb-{message_id}")
    if rating is not None and (stored is None or stored[0] != rating):
        engine.chats.feedback(message_id, user.id, rating)
        stored = (rating, "")
    if stored is not None:
        comment = st.text_input("Comment (optional)", value=stored[1], key=f"fbc-{message_id}", placeholder="What was right or wrong?")
        if comment != stored[1]:
            engine.chats.feedback(message_id, user.id, stored[0], comment)
            st.toast("Thank you: feedback saved.")


def stream_answer(question: str):
    """Yield the checked answer's sentences; keep the answer in state. An LLM's tokens are never shown: only
    what passed the citation checker reaches the screen, after a progress message."""
    answer = None
    with st.spinner("Writing the answer and checking every quote against its source…"):
        for event in engine.assistant.ask_stream(question, conversation=state.conversation, filters=filters,
                                                 use_llm=mode.startswith("LLM") and llm_ready):
            if isinstance(event, Answer):
                answer = event
    state.last_answer = answer
    if answer.mode == "llm":
        yield "*Checked: showing only sentences whose quotes match their sources.*\n\n"
    for part in answer.parts:
        yield answer_markdown(part.text if not part.group else f"{part.group}: {part.text}") + "\n\n"


def previous_question(messages, answer_message) -> str | None:
    i = messages.index(answer_message)
    return next((m.content for m in reversed(messages[:i]) if m.role == "user"), None)


def render_chat(container) -> None:
    with container:
        messages = engine.chats.messages(state.chat_id, user.id) if state.chat_id else []
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
                elif m.answer and m.answer.get("not_stated"):
                    st.caption("The documents do not state this; the quotes show what they do say.")
                if m.answer and m.answer["citations"]:
                    render_sources(m.answer, m.id)
                render_feedback(m.id)

    question = st.chat_input("Ask a question, e.g. what did Ofsted say about return home interviews in 2016?")
    question = question or state.pop("pending", None)
    if question:
        if state.chat_id is None:
            start_chat(engine.chats.new_chat(user.id, question[:80]))
        engine.actions.ask(user, state.chat_id, question)  # saved before answering: a crash keeps the question
        with container:
            with st.chat_message("user"):
                st.markdown(escape_markdown(question))
            with st.chat_message("assistant"):
                st.write_stream(stream_answer(question))
        answer = state.pop("last_answer")
        engine.chats.add(state.chat_id, user.id, "assistant", answer.text, answer)
        st.rerun()



render_chat(st.container())
