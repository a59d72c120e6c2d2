import csv
import io

from django.urls import reverse

from blog import services
from forum.models import SearchLog, Thread
from moderation.models import NotFoundPath
from tests import factories


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_searches_with_few_results_are_listed_most_frequent_first(client_for, editor):
    for query, results in [("lamp blinks", 0), ("lamp blinks", 0), ("refund", 12), ("invoice pdf", 1)]:
        SearchLog.objects.create(query=query, normalized=query, result_count=results, took_ms=3)
    response = client_for(editor).get(reverse("blog_reports:searches"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("lamp blinks") < html.index("invoice pdf")
    assert "refund" not in html


def test_the_search_report_exports_csv(client_for, editor):
    SearchLog.objects.create(query="Lamp blinks", normalized="lamp blinks", result_count=0, took_ms=3)
    rows = _csv(client_for(editor).get(reverse("blog_reports:searches") + "?export=csv"))
    assert rows[0] == ["Search", "Times searched", "Most results", "Average results", "Last searched"]
    assert rows[1][:3] == ["lamp blinks", "1", "0"]


def test_the_reports_export_xlsx(client_for, editor):
    response = client_for(editor).get(reverse("blog_reports:threads") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_busy_threads_without_a_linked_article_are_listed(client_for, editor, moderator, publish_article, category):
    covered = factories.make_thread(category=category, title="Covered question about lamps")
    busy = factories.make_thread(category=category, title="Busy question about invoices")
    Thread.objects.filter(pk=busy.pk).update(view_count=500)
    services.link_article(article=publish_article(), thread=covered, by=moderator)
    rows = _csv(client_for(editor).get(reverse("blog_reports:threads") + "?export=csv"))
    titles = [row[0] for row in rows[1:]]
    assert titles[0] == "Busy question about invoices"
    assert "Covered question about lamps" not in titles


def test_tags_with_the_most_unanswered_threads_come_first(client_for, editor, category):
    for _ in range(2):
        factories.make_thread(category=category, tags=["wifi"])
    factories.make_thread(category=category, tags=["invoice"])
    answered = factories.make_thread(category=category, tags=["refund"])
    factories.make_answer(thread=answered)
    rows = _csv(client_for(editor).get(reverse("blog_reports:tags") + "?export=csv"))
    assert rows[1:] == [["wifi", "2"], ["invoice", "1"]]


def test_missing_pages_are_listed_by_hits(client_for, editor):
    NotFoundPath.objects.create(path="/old-faq/", hits=40)
    NotFoundPath.objects.create(path="/typo/", hits=2)
    rows = _csv(client_for(editor).get(reverse("blog_reports:missing-pages") + "?export=csv"))
    assert [row[:2] for row in rows[1:]] == [["/old-faq/", "40"], ["/typo/", "2"]]


def test_articles_rated_least_helpful_come_first_with_their_counts(client_for, editor, publish_article):
    good = publish_article(title="A good article")
    bad = publish_article(title="A confusing article")
    services.feedback_record(article=good, visitor="a", helpful=True)
    services.feedback_record(article=bad, visitor="a", helpful=False, comment="Step 3 is wrong")
    services.feedback_record(article=bad, visitor="b", helpful=True)
    rows = _csv(client_for(editor).get(reverse("blog_reports:least-helpful") + "?export=csv"))
    assert rows[0][:5] == ["Article", "Helped", "Did not help", "% helped", "Comments"]
    assert [row[:5] for row in rows[1:]] == [["A confusing article", "1", "1", "50", "1"],
                                              ["A good article", "1", "0", "100", "0"]]


def test_the_reports_are_in_the_reports_menu_for_editors(client_for, editor):
    html = client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    assert "content-gaps-searches" in html or reverse("blog_reports:searches") in html


def test_members_cannot_open_the_reports(client_for, member):
    response = client_for(member).get(reverse("blog_reports:searches"))
    assert response.status_code == 302
    assert response["Location"].startswith("/cms/login/")
