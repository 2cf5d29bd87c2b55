"""Inspection records: every Ofsted report or letter as one typed row, each value with its quote."""

from .extract import build
from .model import COLUMNS, InspectionRecord

__all__ = ["COLUMNS", "InspectionRecord", "build"]
