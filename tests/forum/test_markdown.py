"""Markdown renders sanitised: whatever is typed, no script, no event handler, no javascript: URL."""

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum import markdown
from tests.forum.conftest import page_text

NASTY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))", "![i](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>", "<svg onload=alert(1)>", "<iframe src=//evil>",
    "[x](  javascript:alert(1) )", "<div onclick='x'>", "` <script> `", "```\n<script>\n```",
    "[a]: javascript:alert(1)\n\n[b][a]", "<style>*{}</style>", "data:text/html,<script>", "\x00<script>",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)", "<<script>script>", "[x](vbscript:msgbox)",
]


def assert_safe(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered and "<style" not in lowered and "<svg" not in lowered
    assert not re.search(r"<[^>]+\son\w+\s*=", lowered), html
    for url in re.findall(r'(?:href|src)="([^"]*)"', lowered):
        assert not url.strip().startswith(("javascript:", "vbscript:", "data:")), html


@given(st.lists(st.one_of(st.text(max_size=60), st.sampled_from(NASTY)), max_size=8).map("".join))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_markdown_renders_without_script_handlers_or_javascript_urls(text):
    assert_safe(markdown.render(text))


@pytest.mark.parametrize("text", NASTY)
def test_known_attacks_are_neutralised(text):
    assert_safe(markdown.render(text))


def test_links_are_marked_nofollow_ugc():
    assert 'rel="nofollow ugc noopener"' in markdown.render("[site](https://example.com)")


def test_images_only_from_our_own_uploads(settings):
    assert "<img" not in markdown.render("![x](https://evil.example/x.png)")
    assert 'src="/media/uploads/a.png"' in markdown.render("![x](/media/uploads/a.png)")


def test_tables_strikethrough_and_fenced_code_render():
    html = markdown.render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n```python\nprint(1)\n```")
    assert "<table>" in html and "<s>old</s>" in html and 'class="language-python"' in html


@pytest.mark.django_db
def test_the_live_preview_renders_on_the_server(client):
    response = client.post(reverse("forum:preview"), {"body": "**bold** <script>x</script>"})
    html = page_text(response)
    assert "<strong>bold</strong>" in html and "<script>" not in html
