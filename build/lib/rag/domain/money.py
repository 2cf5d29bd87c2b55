"""How questions and reports speak of money: the one word list for "how much did X spend?" and for the
clause that states an amount ("spent £16 million on agency staff")."""

from __future__ import annotations

import re

MONEY_WORDS = (r"spen[dt]|spending|cost|costs|costing|budget|budgets|fund(?:ing|ed)?|money|pounds|paid|pay|invest(?:ed|ment|ing)?"
               r"|overspen[dt]|savings?")
MONEY = re.compile(rf"£|\b(?:{MONEY_WORDS})\b", re.IGNORECASE)
