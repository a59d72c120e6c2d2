"""What the audit log says about an entry's before and after, in words (#15 item 6).

An entry stores the state a staff action changed as two small dicts of raw values
(`{"hidden": False}`, `{"verified_by": 2}`). The log showed them as they were stored; here each
key has a `Field` that names it and says how a person reads its value (yes/no as a sentence, a
member's display name, a thread's title, a date in the staff screens' one format). Changes that
changed nothing are left out. Apps that write their own actions register their fields from
`AppConfig.ready()` with `register_fields()`, as they register their action labels.

Values that point at rows (members, threads, categories) are looked up for a whole page at once
by `moderation.selectors.audit_lines`, so the log costs the same number of queries for any
number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moderation.formats import moment

# Kinds whose values are row ids, looked up in one query per kind for a page of entries.
LOOKUP_KINDS = ("user", "thread", "category")


@dataclass(frozen=True)
class Field:
    """One key of an entry's before/after. `kind`: text, count, choice, moment, money, yes_no,
    user, thread, category, or hidden (an internal id the action's own label already says)."""

    label: object = ""
    kind: str = "text"
    choices: type | None = None  # a TextChoices class, for kind="choice"
    now: object = None  # yes_no: the sentence when it became true ("Now hidden.")
    no_longer: object = None  # yes_no: the sentence when it became false ("Visible again.")
    set_to: object = None  # a sentence with %(value)s, instead of "<label>: <value>."
    was: object = None  # a sentence with %(value)s, when only the value before was recorded
    cleared: object = None  # a sentence with %(value)s (the value before), when it was emptied
    show: Callable | None = None  # formats a value itself (e.g. minutes as "2 h 10 min")


@dataclass
class AuditLine:
    entry: object
    label: str
    changes: list[SafeString] = field(default_factory=list)


# Fields by the prefix of the action code ("recovery" for "recovery.case_taken"); "" is moderation's.
FIELDS: dict[str, dict[str, Field]] = {}


def register_fields(prefix: str, fields: dict[str, Field]) -> None:
    """Name the before/after keys of actions whose code starts with `prefix` + "." (from ready())."""
    FIELDS.setdefault(prefix, {}).update(fields)


def field_for(action: str, key: str) -> Field:
    prefix = action.split(".", 1)[0]
    found = FIELDS.get(prefix, {}).get(key) or FIELDS.get("", {}).get(key)
    # A key nobody named yet still reads as words (tests ask every written key for a Field).
    return found or Field(label=key.replace("_", " ").capitalize())


def references(entries) -> dict[str, set[int]]:
    """The row ids a page of entries points at, by kind, for one lookup query per kind."""
    wanted = {kind: set() for kind in LOOKUP_KINDS}
    for entry in entries:
        for values in (entry.before or {}, entry.after or {}):
            for key, value in values.items():
                kind = field_for(entry.action, key).kind
                if kind in wanted and isinstance(value, int) and not isinstance(value, bool):
                    wanted[kind].add(value)
    return wanted


def _empty(value) -> bool:
    return value is None or value == ""


def _value(spec: Field, value, values: dict, names: dict) -> str:
    """A value as a person reads it, HTML-escaped."""
    if spec.show:
        return conditional_escape(spec.show(value))
    if spec.kind == "moment":
        return conditional_escape(moment(value))
    if spec.kind == "choice" and spec.choices is not None:
        try:
            return conditional_escape(spec.choices(value).label)
        except ValueError:
            return conditional_escape(value)
    if spec.kind == "user":
        return conditional_escape(names.get("user", {}).get(value) or gettext("a member no longer here"))
    if spec.kind == "category":
        return conditional_escape(names.get("category", {}).get(value) or gettext("a category no longer here"))
    if spec.kind == "thread":
        thread = names.get("thread", {}).get(value)
        if thread is None:
            return conditional_escape(gettext("a thread no longer here"))
        return format_html("<a href=\"{}\">“{}”</a>", thread.get_absolute_url(), thread.title)
    if spec.kind == "money":
        try:
            amount = number_format(Decimal(str(value)), 2, use_l10n=True)
        except (InvalidOperation, ValueError):
            amount = str(value)
        return conditional_escape(f"{amount} {values.get('currency') or ''}".strip())
    if spec.kind == "text":
        return conditional_escape(f"“{value}”")
    return conditional_escape(str(value))


def _say(template, **values) -> SafeString:
    """A translated sentence filled with values already escaped (the sentence is ours)."""
    return mark_safe(str(template) % values)


def _bold(value: str) -> str:
    return f"<strong>{value}</strong>"


def _change(spec: Field, before_has: bool, before, after_has: bool, after, entry, names) -> SafeString | None:
    if spec.kind == "hidden":
        return None
    if before_has and after_has and before == after:
        return None  # recorded, but the action did not change it
    label = conditional_escape(spec.label)
    if spec.kind == "yes_no":
        return mark_safe(conditional_escape(spec.now if after else spec.no_longer)) if after_has else None
    if after_has and _empty(after) and (not before_has or _empty(before)):
        return None
    if after_has and (not before_has or _empty(before)):
        value = _bold(_value(spec, after, entry.after, names))
        if spec.set_to:
            return _say(spec.set_to, value=value)
        if before_has:
            return _say(_("%(field)s set to %(value)s."), field=label, value=value)
        return _say(_("%(field)s: %(value)s."), field=label, value=value)
    before_text = _bold(_value(spec, before, entry.before, names))
    if not after_has:
        return _say(spec.was or _("%(field)s was %(value)s."), field=label, value=before_text)
    if _empty(after):
        return _say(spec.cleared or _("%(field)s cleared (was %(value)s)."), field=label, value=before_text)
    return _say(_("%(field)s changed from %(before)s to %(after)s."), field=label, before=before_text,
                after=_bold(_value(spec, after, entry.after, names)))


def describe(entry, names: dict, labels: dict) -> AuditLine:
    """An entry as the log shows it: its action's label and one sentence per real change."""
    before, after = entry.before or {}, entry.after or {}
    changes = []
    for key in [*before, *(key for key in after if key not in before)]:
        said = _change(field_for(entry.action, key), key in before, before.get(key), key in after, after.get(key),
                       entry, names)
        if said:
            changes.append(said)
    return AuditLine(entry=entry, label=str(labels.get(entry.action, "")), changes=changes)


def moderation_fields() -> dict[str, Field]:
    """Moderation's own audited fields (registered in moderation's AppConfig.ready(), not on import)."""
    from forum.models import Thread

    return {
        "hidden": Field(kind="yes_no", now=_("Now hidden."), no_longer=_("Visible again.")),
        "pending_review": Field(kind="yes_no", now=_("Now waiting for review."),
                                no_longer=_("No longer waiting for review.")),
        "deleted": Field(kind="yes_no", now=_("Now deleted."), no_longer=_("No longer deleted.")),
        "open_reports": Field(_("Open reports"), "count"),
        "verified": Field(kind="yes_no", now=_("Now verified."), no_longer=_("No longer verified.")),
        "accepted": Field(kind="yes_no", now=_("Now the accepted answer."),
                          no_longer=_("No longer the accepted answer.")),
        "verified_by": Field(_("Verified by"), "user", set_to=_("Verified by %(value)s."),
                             was=_("It had been verified by %(value)s.")),
        "verified_at": Field(_("Verified on"), "moment", was=_("It had been verified on %(value)s.")),
        "status": Field(_("Status"), "choice", choices=Thread.Status),
        "close_reason": Field(_("Reason for closing"), "choice", choices=Thread.CloseReason),
        "close_note": Field(_("Closing note")),
        "duplicate_of": Field(_("Duplicate of"), "thread", set_to=_("Marked as a duplicate of %(value)s.")),
        "category": Field(_("Category"), "category"),
        "pinned": Field(kind="yes_no", now=_("Now pinned."), no_longer=_("No longer pinned.")),
        "answers": Field(_("Answers"), "count", was=_("It had %(value)s answers.")),
        "target_answers": Field(_("Answers in the thread it was merged into"), "count"),
        "merged_into": Field(_("Merged into"), "thread", set_to=_("Merged into %(value)s.")),
        "suspended_until": Field(_("Suspended until"), "moment", set_to=_("Suspended until %(value)s."),
                                 cleared=_("The suspension until %(value)s ended early.")),
    }

