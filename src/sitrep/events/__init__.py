"""Events: detection and typing, roles, location, time, modality, attribution and fatalities."""

from sitrep.events.detector import EventDetector
from sitrep.events.typology import CATEGORY, PLOVER

__all__ = ["CATEGORY", "PLOVER", "EventDetector"]
