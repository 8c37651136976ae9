"""Differentiation rules.  ``RULES`` is the ordered table the engine tries, first match wins.

Each rule rewrites one derivative hole ``Deriv(f, x)`` into an expression that may contain
new holes; see ``stepcalc.rules.base`` for the interface and the rule kinds the textbook
presentation uses to group rewrites into lines.
"""

from stepcalc.rules.base import Kind, Rule, depends_on
from stepcalc.rules.table import RULES, find_rule

__all__ = ["RULES", "Kind", "Rule", "depends_on", "find_rule"]
