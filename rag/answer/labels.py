"""How an inspection and a judgement are named in answers: one wording everywhere."""

from __future__ import annotations

from ..domain import judgements, visits
from ..records.model import InspectionRecord
from .compose import human_date, human_range, possessive


def describe(r: InspectionRecord) -> str:
    """"Barnsley’s ILACS short inspection of 11–15 September 2023 (published 27 October 2023)"."""
    when = human_range(r.inspection_start, r.inspection_end)
    published = human_date(r.published)
    return (f"{possessive(r.local_authority)} {visits.label(r.kind)}" + (f" of {when}" if when else "")
            + (f" (published {published})" if published else ""))


def judgement_label(key: str) -> str:
    return judgements.BY_KEY[key].label if key in judgements.BY_KEY else key.replace("_", " ")
