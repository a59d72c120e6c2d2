"""Friendly names for the forum privileges ranks unlock (codenames of forum.<codename> permissions)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "upload_images": (_("Upload images"), _("Add screenshots and photos to your posts.")),
    "flag_posts": (_("Report posts"), _("Tell moderators about spam or abuse.")),
    "post_links": (_("Post links"), _("Include more than a couple of links in a post.")),
    "retag": (_("Retag threads"), _("Fix the tags of any thread.")),
    "vote_close": (_("Vote to close"), _("Help close duplicates and off-topic threads.")),
    "bypass_new_member_limits": (_("No new-member limits"), _("Start as many threads as you need.")),
    "edit_others_posts": (_("Edit others' posts"), _("Improve anyone's question or answer.")),
    "moderate": (_("Moderate"), _("Verify answers, handle reports and act on members.")),
}


def label(permission) -> tuple:
    return LABELS.get(permission.codename, (permission.name, ""))
