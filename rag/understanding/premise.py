"""What a question takes for granted about the one authority it names, checked by the answerers."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import grades as grade_words


@dataclass(frozen=True)
class Premise:
    """What a question takes for granted about the one authority it names ("why did X get outstanding",
    "Steve Bailey led X's 2022 inspection"): the answerer checks it against the record it answers from
    and says so first where the record differs."""

    grades: tuple[str, ...] = ()
    judgement: str = "overall"
    lead: str = ""

    # The premise is put right without repeating it: "Outstanding, not inadequate" puts the wrong grade in
    # the answer's first line, where a reader skimming takes it for the finding.
    def grade_note(self, grade: str) -> str:
        """" (not the grade the question assumes)" when the record's grade differs from it; else ""."""
        g = grade_words.normalise(grade)
        return " (not the grade the question assumes)" if self.grades and g not in self.grades else ""

    def lead_note(self, lead: str) -> str:
        """"Not the inspector the question names: " when another inspector led it; else ""."""
        return "Not the inspector the question names: " if self.lead and lead and self.lead.lower() != lead.lower() else ""
