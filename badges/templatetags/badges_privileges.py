from django import template

from badges.privileges import label

register = template.Library()


@register.simple_tag
def privilege_label(permission):
    return label(permission)
