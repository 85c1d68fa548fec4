"""The actor and place mentions of a document that the event stage reads, by token."""

from __future__ import annotations

from dataclasses import dataclass, field

STATE_ACTOR_TYPES = frozenset({"state", "state_forces", "government"})


@dataclass
class MentionIndex:
    """Token-level mentions the detector reads: (token start, token end, id)."""

    actors: list[tuple[int, int, str]]
    places: list[tuple[int, int, str]]
    focus_place: str | None
    actor_types: dict[str, str]  # actor id -> contract actor type
    place_features: dict[str, str] = field(default_factory=dict)  # place id -> gazetteer feature
    actor_countries: dict[str, str | None] = field(default_factory=dict)  # actor id -> country code
    place_countries: dict[str, str | None] = field(default_factory=dict)  # place id -> country code
    country_places: dict[str, str] = field(default_factory=dict)  # country code -> the country's place id
    # Place mentions as the state they belong to (token start, token end, state actor id), for
    # events that act on a state's territory ("halted aid to Serbia", "imposed a curfew in Haiti").
    place_states: list[tuple[int, int, str]] = field(default_factory=list)

    def same_state(self, actor: str, other: str) -> bool:
        """Whether ``actor`` and ``other`` are the same state (itself, its forces or its government)."""
        country = self.actor_countries.get(actor)
        return (country is not None and self.actor_countries.get(other) == country
                and self.actor_types.get(actor) in STATE_ACTOR_TYPES
                and self.actor_types.get(other) in STATE_ACTOR_TYPES)
