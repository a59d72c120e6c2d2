"""Moderation rules an administrator may tune: settings.MODERATION overrides any of these defaults."""

from django.conf import settings

DEFAULTS = {
    # A moderator may accept and verify an answer for the asker once the thread is this old.
    "VERIFY_ON_BEHALF_AFTER_DAYS": 7,
    # Reports are weighted by the reporter's privileges (granted by ranks and roles): the first
    # permission the reporter holds decides the weight; everyone else counts 1.
    "FLAG_WEIGHTS": [("forum.moderate", 5), ("forum.retag", 2)],
    # A post is hidden automatically once the weights of its open reports reach this.
    "AUTO_HIDE_WEIGHT": 5,
    # How many reports a member (or an address) may make: settings.RATE_LIMITS["flag"].
    "PAGE_SIZE": 25,
}


def get(name: str):
    return getattr(settings, "MODERATION", {}).get(name, DEFAULTS[name])
