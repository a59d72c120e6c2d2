"""Company-written text kept in two languages (django-modeltranslation: `name_en`, `name_nl`).

Reading `obj.name` already gives the visitor's language. `in_visitor_language` is for the few reads
that never make a model instance (`.values()` across a relation, a subquery), so that they say the
same; `shown_language` says which language `obj.name` came out in, so a page can mark an English
name on a Dutch page with lang="en".
"""

from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order


def in_visitor_language(field: str):
    """An expression for `field` ("name", "team__name") in the active language, the fallback
    language's text where that is empty (settings.MODELTRANSLATION_FALLBACK_LANGUAGES), as
    `obj.name` does."""
    text = CharField()
    columns = [NullIf(F(build_localized_fieldname(field, language)), Value(""), output_field=text)
               for language in resolution_order(get_language())]
    return Coalesce(*columns, Value(""), output_field=text)


def shown_language(obj, field: str = "name") -> str:
    """The language `getattr(obj, field)` is shown in now: the active one, or the fallback whose
    text it shows because the active language's is empty ("" when neither has any)."""
    for language in resolution_order(get_language()):
        if getattr(obj, build_localized_fieldname(field, language), None) not in (None, ""):
            return language
    return ""
