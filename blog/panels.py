"""Read-only panels in the article editor: threads it could answer, and what readers said."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class ArticleInsightsPanel(Panel):
    """Suggested forum threads (search similarity) and 'did this help?' counts, for editors."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Suggestions and feedback"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/admin/article_insights_panel.html"

        def get_context_data(self, parent_context=None):
            from blog import selectors, services
            from blog.models import ArticleFeedback

            context = super().get_context_data(parent_context)
            article = self.instance
            if article.pk:
                context["suggested_threads"] = services.suggest_threads_for_article(article)
                helpful, not_helpful = selectors.feedback_counts([article.pk]).get(article.pk, (0, 0))
                context["helpful"], context["not_helpful"] = helpful, not_helpful
                context["comments"] = list(
                    ArticleFeedback.objects.filter(article=article).exclude(comment="")
                    .order_by("-created_at").values("helpful", "comment", "created_at")[:5]
                )
            else:
                context["suggested_threads"] = []
                context["helpful"] = context["not_helpful"] = 0
                context["comments"] = []
            context["is_new"] = not article.pk
            return context
