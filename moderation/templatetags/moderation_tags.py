from django import template

from moderation.formats import moment

register = template.Library()

register.filter("moment", moment)
