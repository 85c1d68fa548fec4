"""sitrep: structured, geolocated, source-attributed conflict events from news text, offline."""

from sitrep.api import analyze, analyze_many
from sitrep.ingest import Document, InputProblem
from sitrep.report import Report

__all__ = ["Document", "InputProblem", "Report", "analyze", "analyze_many"]
__version__ = "0.1.0"
