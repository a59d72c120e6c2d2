"""Friendly names for the forum privileges ranks unlock (codenames of forum.<codename> permissions).

Only privileges the forum enforces are listed, and the ranks page shows only these: `retag` and
`vote_close` exist as permissions (a report by a holder of `retag` weighs more, moderation/conf.py)
but no page lets a member retag or vote to close, so the ranks page does not promise them.
"""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "upload_images": (_("Upload images"), _("Add screenshots and photos to your posts.")),
    "flag_posts": (_("Report posts"), _("Tell moderators about spam or abuse.")),
    "post_links": (_("Post links"), _("Include more than a couple of links in a post.")),
    "bypass_new_member_limits": (_("No new-member limits"), _("Start as many threads as you need.")),
    "edit_others_posts": (_("Edit others' posts"), _("Improve anyone's question or answer.")),
    "moderate": (_("Moderate"), _("Verify answers, handle reports and act on members.")),
}


def label(permission) -> tuple:
    return LABELS.get(permission.codename, (permission.name, ""))
