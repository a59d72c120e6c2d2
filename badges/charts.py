"""The reputation page's chart, drawn by config.web.charts (built per request: the reader's language)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.web import charts


def reputation_chart(series, *, total: int) -> charts.Chart:
    """The running total per day (`badges.selectors.history`), a date label every fortnight."""
    return charts.line_chart(
        _("Reputation over the last 90 days, now %(total)s") % {"total": total},
        [date_format(day, "j M") for day, _value in series],
        [(_("Reputation"), [value for _day, value in series])],
        row_header=_("Day"), label_every=15, height=200, fill=True,
    )
