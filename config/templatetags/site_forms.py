"""Form rendering helpers for the site's own field markup (used by the allauth element overrides)."""

from django import template

register = template.Library()


@register.filter
def labelled_widget(bound_field):
    """The field's widget without a placeholder that would only repeat its visible label."""
    return bound_field.as_widget(attrs={"placeholder": False} if bound_field.label else None)


@register.filter
def is_checkbox(bound_field) -> bool:
    return getattr(bound_field.field.widget, "input_type", None) in {"checkbox", "radio"}
