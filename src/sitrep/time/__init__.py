"""Time expressions: find and resolve dates in news text (see ``sitrep.time.expressions``)."""

from sitrep.time.expressions import Precision, TimeExpression, find_time_expressions, parse_published

__all__ = ["Precision", "TimeExpression", "find_time_expressions", "parse_published"]
