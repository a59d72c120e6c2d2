"""Rank and badge names and descriptions in English and Dutch (django-modeltranslation).

The shipped defaults also have catalogue translations (the `translated` template filter), which
show while a company has not written a Dutch name of its own.
"""

from modeltranslation.translator import TranslationOptions, register

from badges.models import Badge, Rank


@register(Rank)
class RankTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Badge)
class BadgeTranslation(TranslationOptions):
    fields = ("name", "description")
