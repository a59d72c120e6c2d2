"""Team names in English and Dutch (django-modeltranslation): members see the team that answers."""

from modeltranslation.translator import TranslationOptions, register

from moderation.models import Team


@register(Team)
class TeamTranslation(TranslationOptions):
    fields = ("name",)
    # Names are unique: a team without a Dutch name stores NULL, not "", so two such teams may coexist.
    empty_values = {"name": None}
