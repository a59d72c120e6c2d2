"""Charts drawn on the server by pygal, one look for every app (issue #12 item 8).

A chart is an SVG inlined in the page plus the same numbers as a table, so it needs no script in
the browser (the public CSP allows none inline) and a screen reader or a printout gets the data.
Titles, labels and numbers are formatted in the active language, so call these while rendering
the request. `templates/includes/chart.html` draws a `Chart`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pygal
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

# The site's palette (static/css/site.css); pygal writes its colours into the SVG's <style>.
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#4a4759",
    foreground_strong="#1d1b26",
    foreground_subtle="#e4e2ec",
    opacity=".9",
    opacity_hover="1",
    colors=("#5b3fd6", "#0b7a5c", "#c2283a", "#b45309"),
    font_family='"Inter", system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    value_label_font_size=13,
    legend_font_size=13,
    tooltip_font_size=13,
)

_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)

COMMON = {
    "style": STYLE,
    "js": [],  # pygal's tooltips load a script from elsewhere; the numbers are in the table instead
    "disable_xml_declaration": True,
    "explicit_size": False,
    "margin": 8,
    "show_y_guides": True,
    "show_x_guides": False,
}


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString
    columns: tuple[str, ...]  # the table's header: what the rows are, then one column per series
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (row label, formatted values)

    @property
    def empty(self) -> bool:
        return not self.rows


def _format(value, unit: str) -> str:
    if value is None:
        return "—"
    number = number_format(round(value, 1) if isinstance(value, float) else value, decimal_pos=None,
                           use_l10n=True)
    return f"{number}{unit}"


def _render(chart, title: str) -> SafeString:
    """pygal's SVG without its inline script (the CSP blocks it) or comments, named for assistive tech.

    String work, not tree work: pygal draws with lxml when it is installed and with the standard
    library's ElementTree when not, and the text it writes is the same either way."""
    svg = chart.render(is_unicode=True)
    svg = _SCRIPT.sub("", _COMMENT.sub("", svg))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308 - pygal escapes every label and value it writes


def bar_chart(title: str, points: Sequence[tuple[str, float | None]], *, row_header: str, unit: str = "",
              maximum: float | None = None) -> Chart:
    """Horizontal bars, one per (label, value); a None value is shown as a gap and "—"."""
    rows = tuple((label, (_format(value, unit),)) for label, value in points)
    if not points:
        return Chart(title=title, svg=mark_safe(""), columns=(row_header, title), rows=())
    chart = pygal.HorizontalBar(
        **COMMON, show_legend=False, width=480, height=max(120, 36 * len(points) + 40),
        range=(0, maximum) if maximum else None, truncate_label=18,
        value_formatter=lambda value: _format(value, unit), print_values=True,
    )
    chart.x_labels = [label for label, _value in points]
    chart.add(title, [value for _label, value in points])
    return Chart(title=title, svg=_render(chart, title), columns=(row_header, title), rows=rows)


def line_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *,
               row_header: str, unit: str = "", label_every: int = 1, height: int = 220,
               fill: bool = False) -> Chart:
    """One line per (name, values) over the labels (days or weeks); the table has every point."""
    columns = (row_header, *(name for name, _values in series))
    rows = tuple((label, tuple(_format(values[index], unit) for _name, values in series))
                 for index, label in enumerate(labels))
    if not labels:
        return Chart(title=title, svg=mark_safe(""), columns=columns, rows=())
    chart = pygal.Line(
        **COMMON, show_legend=len(series) > 1, legend_at_bottom=True, width=640, height=height, fill=fill,
        dots_size=2.5, show_minor_x_labels=False, x_labels_major_every=max(1, label_every),
        truncate_label=-1, value_formatter=lambda value: _format(value, unit), include_x_axis=True,
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return Chart(title=title, svg=_render(chart, title), columns=columns, rows=rows)
