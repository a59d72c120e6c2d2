"""Form rendering helpers for the site's own field markup (used by the allauth element overrides)."""

from functools import cache

from django import template
from django.utils.module_loading import import_string

register = template.Library()


@register.simple_tag
def max_length(path: str) -> int:
    """The server's limit for a field a template writes by hand, read where the server reads it:
    "module.Form.field" or "module.Model.field" (that field's max_length), or "module.CONSTANT". A
    browser limit typed into a template drifts from the server's, and text the browser let through
    was refused (#15 item 5)."""
    return _limit(path)


@cache
def _limit(path: str) -> int:
    try:
        return int(import_string(path))
    except ImportError:  # fields are not class attributes: a form's are in base_fields, a model's in _meta
        owner_path, _dot, field = path.rpartition(".")
        owner = import_string(owner_path)
        return owner._meta.get_field(field).max_length if hasattr(owner, "_meta") else owner.base_fields[field].max_length


@register.filter
def labelled_widget(bound_field):
    """The field's widget without a placeholder that would only repeat its visible label."""
    return bound_field.as_widget(attrs={"placeholder": False} if bound_field.label else None)


@register.filter
def is_checkbox(bound_field) -> bool:
    return getattr(bound_field.field.widget, "input_type", None) in {"checkbox", "radio"}
