"""Evaluation: the single-authority gold set (with the plain LangChain baseline) and the
many-authority set built from a ground-truth CSV of real reports."""

from .gold import GOLD, Report, Row, fact_in, load_gold, run, table

__all__ = ["GOLD", "Report", "Row", "fact_in", "load_gold", "run", "table"]
