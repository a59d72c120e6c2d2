"""{% thread_seo tp as seo %}: the thread page's head (forum/seo.py), from what the page loaded."""

from django import template

from forum import seo

register = template.Library()


@register.simple_tag
def thread_seo(page) -> dict:
    return seo.thread_seo(page.thread, page.answers)
