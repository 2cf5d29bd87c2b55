"""A question that dates the inspection and its report apart: "inspected in 2025 but only published in 2026",
"2026 reports of inspections done in 2025", "visited in 2019 and the report came out the following year".
Each year is read with the nearest verb beside it; one year of fieldwork and another of publication make two
filters, not one list of years either of which would do."""
from __future__ import annotations

import re
from dataclasses import replace

from ..records.table import RecordFilter

_YEAR = r"(?:19|20)\d\d"
_INSPECTED = (r"inspect(?:ed|ion|ions)|visited|visits?|fieldwork|on[- ]site|took place|carried out|done|held|happened")
_PUBLISHED = (r"publish(?:ed|es|ing)?|publications?|released|issued|came out|come out|were out|was out|out|reports?|letters?|"
              r"written up|appeared")
_CUE = re.compile(rf"\b({_INSPECTED}|{_PUBLISHED})\b")
_AFTER = re.compile(rf"^(?:'s|’s)?\s+(?:ilacs\s+|sif\s+|full\s+)?({_INSPECTED}|{_PUBLISHED})\b")
_NEXT_YEAR = re.compile(rf"\b(?:{_PUBLISHED})\b(?:\s+\w+){{0,3}}?\s+(?:the\s+(?:following|next|subsequent)\s+year|a\s+year\s+later|the\s+year\s+after)\b")
_YEAR_BEFORE = re.compile(rf"\b(?:{_INSPECTED})\b(?:\s+\w+){{0,3}}?\s+(?:the\s+(?:previous|preceding)\s+year|the\s+year\s+before|a\s+year\s+(?:earlier|before))\b")


def _side(word: str) -> str:
    return "inspected" if re.fullmatch(_INSPECTED, word) else "published"


def fieldwork_and_published(lowered: str) -> tuple[list[int], list[int]] | None:
    """(years inspected, years published) when the question gives each its own year, else None."""
    sides: dict[str, set[int]] = {"inspected": set(), "published": set()}
    last = 0
    for m in re.finditer(rf"\b{_YEAR}\b", lowered):
        # the cue nearest before the year, within four words ("report only came out in 2026"), else straight
        # after it ("2025 inspections", "2026 reports")
        before = " ".join(lowered[last:m.start()].split()[-5:])
        cues = _CUE.findall(before)
        after = _AFTER.match(lowered[m.end():])
        cue = cues[-1] if cues else after[1] if after else ""
        if cue:
            sides[_side(cue)].add(int(m[0]))
        last = m.end()
    inspected, published = sides["inspected"] - sides["published"], sides["published"] - sides["inspected"]
    if inspected and not published and _NEXT_YEAR.search(lowered):
        published = {y + 1 for y in inspected}
    if published and not inspected and _YEAR_BEFORE.search(lowered):
        inspected = {y - 1 for y in published}
    if not inspected or not published or inspected == published:
        return None
    return sorted(inspected), sorted(published)


def apply(selection: RecordFilter | None, lowered: str) -> RecordFilter | None:
    """The selection with its years split into fieldwork and publication when the question dates both."""
    split = fieldwork_and_published(lowered) if selection is not None and not selection.span else None
    if split is None:
        return selection
    inspected, published = split
    return replace(selection, years=published, basis="published", fieldwork_years=inspected, month=None, latest=False)
