"""Understanding a question: slot extractors, the typed query and its one intent."""

from .intent import Intent
from .query import Query, Subject, build_query, topic_beyond_grades
from .change_slot import ChangeAsked
from .slots import Measure, Operation, Slots, slots_of

__all__ = ["ChangeAsked", "Intent", "Measure", "Operation", "Query", "Slots", "Subject", "build_query", "slots_of", "topic_beyond_grades"]
