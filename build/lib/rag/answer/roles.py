"""Who held a role (director of children's services, cabinet member, ...): a name leads the answer only
when a quoted sentence ties that name to that role; otherwise the documents' words about the role, or a
plain statement that they name nobody."""

from __future__ import annotations

import re

from ..domain import roles
from ..retrieval import Retrieved
from ..types import Answer, AnswerPart
from .compose import Composer


class RoleAnswerer:
    def __init__(self, document_text):
        self.document_text = document_text

    def answer(self, question: str, key: str, place: str, retrieved: Retrieved, name_authority: bool) -> Answer:
        role = roles.BY_KEY[key]
        composer = Composer(self.document_text, name_authority)
        answer = Answer(question=question)
        sentences = []
        for passage, _ in retrieved.passages:
            doc = next((d for d in retrieved.allowed_documents if d.doc_id == passage.doc_id), None)
            if doc is not None:
                sentences += [(doc, s, e, passage.text[s - passage.start:e - passage.start]) for s, e in passage.sentences]
        named = [(doc, s, e, roles.named_holder(text, key)) for doc, s, e, text in sentences]
        named = [x for x in named if x[3]]
        if named:
            doc, s, e, name = named[0]
            answer.parts.append(composer.quote_part(doc, s, e, lead=f"{name}. "))
            for doc2, s2, e2, other in named[1:3]:
                if other != name:  # the role changed hands: say so, each with its source
                    answer.parts.append(composer.quote_part(doc2, s2, e2, lead=f"{other}. "))
        else:
            mentions = [(doc, s, e) for doc, s, e, text in sentences if re.search(f"(?i:{role.stated})", text)][:2]
            answer.parts.append(AnswerPart(f"The documents do not name the {role.label}{place}.", [], note=True, unstated=True))
            for doc, s, e in mentions:
                part = composer.quote_part(doc, s, e, lead="What they say of the role: ")
                part.unstated = True
                answer.parts.append(part)
            if not mentions:
                answer.refused = True
        answer.citations = composer.citations
        answer.text = answer.render()
        return answer

    def statement(self, question: str, key: str, retrieved: Retrieved, name_authority: bool) -> Answer | None:
        """What the role's holder said: the sentence that names them as speaking, and the words that follow.
        None when no sentence ties a name to the role: the passages answer instead."""
        role = roles.BY_KEY[key]
        for passage, _ in retrieved.passages:
            doc = next((d for d in retrieved.allowed_documents if d.doc_id == passage.doc_id), None)
            if doc is None:
                continue
            for s, e in passage.sentences:
                text = passage.text[s - passage.start:e - passage.start]
                name = roles.named_holder(text, key)
                if not name or not _SPEAKS.search(text):
                    continue
                composer = Composer(self.document_text, name_authority)
                answer = Answer(question=question)
                answer.parts.append(composer.quote_part(doc, s, e, lead=f"{name} ({role.label}). "))
                follow = _next_sentence(self.document_text(doc.doc_id) or "", e)
                if follow:  # the words themselves, when the sentence introduces them
                    n = composer.cite(doc, *follow)
                    answer.parts.append(AnswerPart(f"“{composer.citations[n - 1].quote}” [{n}]", [n]))
                answer.citations = composer.citations
                answer.text = answer.render()
                return answer
        return None


_SPEAKS = re.compile(r"\b(?:said|says|say|added|told|commented|responding|accepted|welcomed|stated)\b", re.IGNORECASE)


def _next_sentence(text: str, end: int) -> tuple[int, int] | None:
    """The sentence after offset `end` (a quotation introduced by "... said:"), at most 500 characters."""
    start = end + len(text[end:]) - len(text[end:].lstrip())
    if not (text[max(0, end - 6):end].rstrip().endswith((":", "said")) or text[start:start + 1] in ("“", '"')):
        return None
    m = re.search(r"[.!?][”\"]?(?=\s|$)", text[start:start + 500])
    return (start, start + m.end()) if m and m.end() > 20 else None
