"""The service dashboard's charts, drawn by config.web.charts from the dashboard selector's numbers.

Built while rendering the request, so titles and dates are in the reader's language.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.web import charts


def dashboard_charts(data: dict) -> dict[str, charts.Chart]:
    categories = data["categories"]
    weeks = data["weeks"]
    category = _("Category")
    week_labels = [date_format(monday, "j M") for monday, _stats in weeks]
    week = _("Week of")
    return {
        "median": charts.bar_chart(_("Median first response per category (minutes)"),
                                   [(s.label, s.median_minutes) for s in categories], row_header=category),
        "within": charts.bar_chart(_("Answered within target per category"),
                                   [(s.label, s.within_target_share) for s in categories], row_header=category,
                                   unit="%", maximum=100),
        "breaches": charts.bar_chart(_("Targets missed per category"),
                                     [(s.label, s.breaches) for s in categories], row_header=category),
        "weekly_cases": charts.line_chart(
            _("Problems and missed targets per week"), week_labels,
            [(_("Problems"), [s.cases for _m, s in weeks]),
             (_("Targets missed"), [s.breaches for _m, s in weeks])],
            row_header=week, label_every=max(1, len(weeks) // 8)),
        "weekly_response": charts.line_chart(
            _("Median first response per week (minutes)"), week_labels,
            [(_("Median first response"), [s.median_minutes for _m, s in weeks]),
             (_("90th percentile"), [s.p90_minutes for _m, s in weeks])],
            row_header=week, label_every=max(1, len(weeks) // 8)),
    }
