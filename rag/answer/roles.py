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
