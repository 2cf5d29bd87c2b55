"""What a question asks for: one enum for every kind of answer the product gives."""

from __future__ import annotations

from enum import Enum


class Intent(str, Enum):
    FINDINGS = "findings"  # quotes on a topic
    NUMBER = "number"  # a figure a report gives
    COMPARE_YEARS = "compare_years"  # findings on a topic, inspection by inspection
    GRADE = "grade"  # one inspection's grade for a judgement
    GRADE_HISTORY = "grade_history"  # every graded inspection's grade, in order
    CHANGE = "change"  # one inspection against the one before it (or another named), judgement by judgement
    CHANGE_LIST = "change_list"  # authorities selected by how their last two inspections differ
    WHO_LED = "who_led"
    LEAD_TALLY = "lead_tally"  # lead inspectors by how many inspections they led
    WHEN = "when"
    LIST = "list"  # authorities (or reports) selected by their records
    COUNT = "count"
    COMPARE_AUTHORITIES = "compare_authorities"
    IMPROVE = "improve"  # the report's own "what needs to improve"
    ROLE = "role"  # who holds a role (director of children's services, ...)
    ROLE_STATEMENT = "role_statement"  # what a role holder said
    NOT_COVERED = "not_covered"  # a place the library cannot hold (Glasgow) or does not hold

    @property
    def from_records(self) -> bool:
        """Answered from inspection records alone: no passage retrieval."""
        return self in (Intent.LIST, Intent.COUNT, Intent.CHANGE, Intent.CHANGE_LIST, Intent.NOT_COVERED, Intent.LEAD_TALLY)
