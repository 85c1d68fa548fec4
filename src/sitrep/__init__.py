"""sitrep: structured, geolocated, source-attributed conflict events from news text, offline."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sitrep.api import analyze, analyze_many
    from sitrep.ingest import Document, InputProblem
    from sitrep.report import Report

__all__ = ["Document", "InputProblem", "Report", "analyze", "analyze_many"]
__version__ = "0.1.0"

# The public names load on first use, so a subpackage imported alone (the gazetteer, names)
# does not pull in the NLP pipeline and spaCy with it.
_PUBLIC = {"analyze": "sitrep.api", "analyze_many": "sitrep.api", "Document": "sitrep.ingest",
           "InputProblem": "sitrep.ingest", "Report": "sitrep.report"}


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
    value = getattr(import_module(_PUBLIC[name]), name)
    globals()[name] = value
    return value
