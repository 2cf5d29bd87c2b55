"""Answering: the question plan, one small answerer per kind of question, and how quotes are composed."""

from .compose import Composer, citation_for, human_date, human_range, source_intro, trim_quote
from .findings import ExtractiveAnswerer
from .plan import Plan, make_plan
from .router import Router

__all__ = ["Composer", "ExtractiveAnswerer", "Plan", "Router", "citation_for", "human_date", "human_range", "make_plan",
           "source_intro", "trim_quote"]
