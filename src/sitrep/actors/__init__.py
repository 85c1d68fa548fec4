"""Actors: the knowledge base of who is who (``kb``) and the pipeline stage that links mentions (``linker``)."""

from sitrep.actors.kb import ActorEntry, ActorKB, load_actor_kb

__all__ = ["ActorEntry", "ActorKB", "load_actor_kb"]
