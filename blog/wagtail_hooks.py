"""The blog in Wagtail's admin: a thread chooser for the editor, content-gap reports."""

from django import forms
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.permissions import page_permission_policy

from blog import reports
from forum.models import Thread


class ThreadFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Search threads"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("Words from the title")}))

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            for word in query.split()[:6]:
                objects = objects.filter(title__icontains=word)
        return objects


class ThreadChooserViewSet(ChooserViewSet):
    model = Thread
    icon = "help"
    choose_one_text = _("Choose a forum thread")
    choose_another_text = _("Choose another thread")
    edit_item_text = _("View thread")
    per_page = 20

    def get_object_list(self):
        return Thread.objects.public().select_related("category").order_by("-last_activity_at")

    @property
    def choose_view_class(self):
        from wagtail.admin.views.generic.chooser import ChooseView

        return type("ThreadChooseView", (ChooseView,), {"filter_form_class": ThreadFilterForm})

    @property
    def choose_results_view_class(self):
        from wagtail.admin.views.generic.chooser import ChooseResultsView

        return type("ThreadChooseResultsView", (ChooseResultsView,), {"filter_form_class": ThreadFilterForm})


thread_chooser_viewset = ThreadChooserViewSet("blog_thread_chooser", url_prefix="blog/threads/choose")


@hooks.register("register_admin_viewset")
def register_thread_chooser():
    return thread_chooser_viewset


def _report_urls():
    patterns = []
    for report in reports.REPORTS:
        patterns += [
            path(f"{report.slug}/", report.as_view(), name=report.slug),
            path(f"{report.slug}/results/", report.as_view(results_only=True), name=f"{report.slug}_results"),
        ]
    return patterns


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/content-gaps/", include((_report_urls(), "blog_reports"), namespace="blog_reports"))]


class ContentGapMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(request.user, ["add", "change", "publish"])


def _menu_item(report, order):
    def item():
        return ContentGapMenuItem(
            report.page_title, reverse(f"blog_reports:{report.slug}"), name=f"content-gaps-{report.slug}",
            icon_name=report.header_icon, order=order,
        )
    return item


for _order, _report in enumerate(reports.REPORTS):
    hooks.register("register_reports_menu_item", _menu_item(_report, 1000 + _order))
