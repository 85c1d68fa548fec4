"""The contract's event types: ACLED's 25 sub-event types plus five, with their ACLED event type
(``category``) and the PLOVER category that matches (None where PLOVER has none)."""

CATEGORY = {
    "armed_clash": "battles", "government_regains_territory": "battles",
    "non_state_actor_overtakes_territory": "battles",
    "chemical_weapon": "explosions_remote_violence", "air_drone_strike": "explosions_remote_violence",
    "suicide_bomb": "explosions_remote_violence", "shelling_artillery_missile_attack": "explosions_remote_violence",
    "remote_explosive_landmine_ied": "explosions_remote_violence", "grenade": "explosions_remote_violence",
    "sexual_violence": "violence_against_civilians", "attack": "violence_against_civilians",
    "abduction_forced_disappearance": "violence_against_civilians",
    "peaceful_protest": "protests", "protest_with_intervention": "protests",
    "excessive_force_against_protesters": "protests",
    "violent_demonstration": "riots", "mob_violence": "riots",
    "agreement": "strategic_developments", "arrests": "strategic_developments",
    "change_to_group_activity": "strategic_developments", "disrupted_weapons_use": "strategic_developments",
    "headquarters_or_base_established": "strategic_developments",
    "looting_property_destruction": "strategic_developments",
    "non_violent_transfer_of_territory": "strategic_developments", "other": "strategic_developments",
    "natural_disaster": "non_acled", "man_made_disaster": "non_acled", "diplomatic_event": "non_acled",
    "claim_of_responsibility": "non_acled", "organized_crime": "non_acled",
}

PLOVER = {
    "armed_clash": "FIGHT", "government_regains_territory": "FIGHT", "non_state_actor_overtakes_territory": "FIGHT",
    "chemical_weapon": "FIGHT", "air_drone_strike": "FIGHT", "suicide_bomb": "FIGHT",
    "shelling_artillery_missile_attack": "FIGHT", "remote_explosive_landmine_ied": "FIGHT", "grenade": "FIGHT",
    "sexual_violence": "ASSAULT", "attack": "ASSAULT", "abduction_forced_disappearance": "ASSAULT",
    "peaceful_protest": "PROTEST", "protest_with_intervention": "PROTEST",
    "excessive_force_against_protesters": "ASSAULT",
    "violent_demonstration": "PROTEST", "mob_violence": "ASSAULT", "agreement": "AGREE", "arrests": "COERCE",
    "change_to_group_activity": "MOBILIZE", "disrupted_weapons_use": "COERCE",
    "headquarters_or_base_established": "MOBILIZE", "looting_property_destruction": "COERCE",
    "non_violent_transfer_of_territory": "RETREAT", "other": None, "natural_disaster": None,
    "man_made_disaster": None, "diplomatic_event": "CONSULT", "claim_of_responsibility": None,
    "organized_crime": None,
}
