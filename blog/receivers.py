"""Blog reactions to Wagtail's publishing signals: links, search index, banners, notifications."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import copy_for_translation_done, page_published, page_unpublished

from blog import selectors, services, tasks
from blog.models import ArticlePage, KnownIssuePage, TranslatedPageMixin
from forum.search.documents import schedule_index


@receiver(page_published, sender=ArticlePage)
def article_published(sender, instance, revision=None, **kwargs):
    by = getattr(revision, "user", None) if revision is not None else None
    services.sync_editor_picks(article=instance, by=by)
    if instance.author_id is None and by is not None:
        # Who published it is its author unless the editor chose one.
        ArticlePage.objects.filter(pk=instance.pk).update(author=by)
    schedule_index("article", instance.pk)


@receiver(page_published, sender=KnownIssuePage)
def known_issue_published(sender, instance, **kwargs):
    selectors.forget_open_known_issues()
    # Its translations take its status (services.known_issue_share_status): each is indexed again, and
    # the followers of threads linked to a live one hear of the resolution too, in its language.
    for known_issue in [instance, *services.known_issue_share_status(instance)]:
        schedule_index("known_issue", known_issue.pk)
        if known_issue.live and services.known_issue_claim_announcements(known_issue):
            known_issue_id = known_issue.pk
            transaction.on_commit(lambda pk=known_issue_id: tasks.notify_known_issue_followers.enqueue(pk))


@receiver(page_unpublished, sender=ArticlePage)
@receiver(post_delete, sender=ArticlePage)
def article_gone(sender, instance, **kwargs):
    schedule_index("article", instance.pk)


@receiver(page_unpublished, sender=KnownIssuePage)
@receiver(post_delete, sender=KnownIssuePage)
def known_issue_gone(sender, instance, **kwargs):
    selectors.forget_open_known_issues()
    schedule_index("known_issue", instance.pk)


@receiver(copy_for_translation_done)
def translation_made(sender, source_obj, target_obj, **kwargs):
    """"Translate" in the CMS made a copy in the other language: it gets an address of its own."""
    page = getattr(target_obj, "specific", target_obj)
    if isinstance(page, TranslatedPageMixin):
        page.give_own_slug()
