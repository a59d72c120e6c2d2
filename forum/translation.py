"""Company-written text in forum models, in English and Dutch (django-modeltranslation).

`category.name` is the active language's name (name_en / name_nl), the other language's where
that is empty (settings.MODELTRANSLATION_FALLBACK_LANGUAGES), so a Dutch visitor reads Dutch.
"""

from modeltranslation.translator import TranslationOptions, register

from forum.models import Category


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")
