"""Places: turning recognised place mentions into gazetteer places with coordinates."""

from sitrep.geo.resolver import PlaceResolver, ResolvedPlace, point_precision

__all__ = ["PlaceResolver", "ResolvedPlace", "point_precision"]
