"""Answering: one small answerer per intent (registered in `table.TABLE`), and how quotes are composed."""

from .compose import Composer, citation_for, human_date, human_range, source_intro, trim_quote
from .findings import ExtractiveAnswerer
from .table import TABLE, Answerers, Ask

__all__ = ["TABLE", "Answerers", "Ask", "Composer", "ExtractiveAnswerer", "citation_for", "human_date", "human_range",
           "source_intro", "trim_quote"]
