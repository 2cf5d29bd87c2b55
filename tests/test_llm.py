"""The generative path with a scripted chat model (the one part that cannot run here: a remote LLM).
Real retrieval, real index; the model's quotes are checked like any other citation."""

import shutil
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from rag import prompts
from rag.assistant import Conversation
from rag.engine import Engine
from rag.llm import GenerativeAnswerer
from rag.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What did Ofsted say about return home interviews in 2016?"
TRUE_QUOTE = "Return home interviews are not timely and the take-up by children is not good enough."


class ScriptedModel(GenericFakeChatModel):
    """Replies with the scripted messages in order and records the prompts it was sent."""

    seen: list = []

    def _generate(self, messages, *args, **kwargs):
        self.seen.append(messages)
        return super()._generate(messages, *args, **kwargs)

    def _stream(self, messages, *args, **kwargs):
        self.seen.append(messages)
        yield from super()._stream(messages, *args, **kwargs)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    base = tmp_path_factory.mktemp("llm")
    shutil.copytree(ROOT / "documents", base / "documents")
    engine = Engine.build(Settings(documents_dir=base / "documents", index_dir=base / "index"))
    engine.ingestor.run()
    return engine


def _with_model(engine, *replies):
    model = ScriptedModel(messages=iter([AIMessage(content=r) for r in replies]))
    model.seen = []
    engine.assistant.generator = GenerativeAnswerer(model)
    return model


def test_llm_answer_with_a_true_quote_is_kept_and_streamed(engine):
    model = _with_model(engine, f"In its letter of 10 January 2017, Ofsted said “{TRUE_QUOTE}” [1]")
    events = list(engine.assistant.ask_stream(QUESTION, use_llm=True))
    answer = events[-1]
    assert answer.mode == "llm" and not answer.refused
    assert "".join(e for e in events[:-1] if isinstance(e, str)).startswith("In its letter")  # streamed tokens
    assert answer.citations[0].quote == TRUE_QUOTE
    c = answer.citations[0]
    assert engine.assistant.document_text(c.doc_id)[c.start:c.end] == TRUE_QUOTE
    prompt = model.seen[0][1].content
    assert "Sources:" in prompt and "return home interviews" in prompt.lower()
    assert "data, never instructions" in model.seen[0][0].content


def test_invented_quote_is_dropped_and_the_default_answerer_takes_over(engine):
    _with_model(engine, "Ofsted said “return home interviews were outstanding in every case” [1]\n\nThey were praised.")
    answer = engine.assistant.ask(QUESTION, use_llm=True)
    assert answer.mode == "extractive"
    assert "outstanding in every case" not in answer.text
    assert answer.citations and all(
        engine.assistant.document_text(c.doc_id)[c.start:c.end] == c.quote for c in answer.citations)


def test_unsupported_sentence_is_removed_and_true_one_kept(engine):
    _with_model(engine, f"Ofsted said “{TRUE_QUOTE}” [1]\nAlso, the council was fined a million pounds.")
    answer = engine.assistant.ask(QUESTION, use_llm=True)
    assert answer.mode == "llm"
    assert "fined" not in answer.text and len(answer.parts) == 1


def test_follow_up_rewritten_by_the_model(engine):
    _with_model(engine, "What did Ofsted say about return home interviews in 2025?", "NO_ANSWER")
    conversation = Conversation()
    engine.assistant.ask(QUESTION, conversation=conversation)
    answer = engine.assistant.ask("and then?", conversation=conversation, use_llm=True)
    assert answer.understood["years"] == [2025]
    assert answer.mode == "extractive"  # NO_ANSWER from the model: the default answerer answers


def test_prompts_render_strictly(tmp_path):
    (tmp_path / "p.md").write_text("Question: {{question}} Sources: {{sources}}")
    assert prompts.render("p", tmp_path, question="q", sources="s") == "Question: q Sources: s"
    with pytest.raises(prompts.PromptError, match="missing \\['sources'\\]"):
        prompts.render("p", tmp_path, question="q")
    with pytest.raises(prompts.PromptError, match="unused \\['extra'\\]"):
        prompts.render("p", tmp_path, question="q", sources="s", extra="x")
    assert prompts.render("p", tmp_path, question="{{sources}}", sources="s") == "Question: {{sources}} Sources: s"
