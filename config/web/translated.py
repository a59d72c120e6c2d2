"""Company-written text kept in two languages (django-modeltranslation: `name_en`, `name_nl`).

Reading `obj.name` already gives the visitor's language. These are for the few reads that never
make a model instance (`.values()` across a relation, a subquery), so that they say the same.
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
