from django.urls import reverse

from blog import services
from blog.models import ArticleFeedback


def test_a_visitor_says_an_article_helped_with_a_comment(client, publish_article):
    article = publish_article()
    response = client.post(reverse("blog:feedback", args=[article.pk]), {"helpful": "yes", "comment": " Clear! "})
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#feedback"
    feedback = ArticleFeedback.objects.get()
    assert (feedback.helpful, feedback.comment, feedback.article_id) == (True, "Clear!", article.pk)


def test_a_visitor_answers_once_per_article(client, publish_article):
    article = publish_article()
    url = reverse("blog:feedback", args=[article.pk])
    client.post(url, {"helpful": "yes"})
    response = client.post(url, {"helpful": "no"}, follow=True)
    assert str(services.FEEDBACK_TWICE) in response.content.decode()
    assert ArticleFeedback.objects.count() == 1
    assert ArticleFeedback.objects.get().helpful is True


def test_the_article_page_remembers_that_the_visitor_answered(client, publish_article):
    article = publish_article()
    client.post(reverse("blog:feedback", args=[article.pk]), {"helpful": "no"})
    html = client.get(article.url).content.decode()
    assert 'name="helpful"' not in html
    assert str(services.FEEDBACK_TWICE) in html


def test_a_signed_in_member_answers_once_whatever_browser_they_use(client_for, member, publish_article):
    article = publish_article()
    url = reverse("blog:feedback", args=[article.pk])
    client_for(member).post(url, {"helpful": "yes"})
    client_for(member).post(url, {"helpful": "yes"})
    assert ArticleFeedback.objects.filter(user=member).count() == 1


def test_different_visitors_each_count(client_for, publish_article):
    article = publish_article()
    url = reverse("blog:feedback", args=[article.pk])
    for answer in ("yes", "no", "yes"):
        client_for(None).post(url, {"helpful": answer})
    assert ArticleFeedback.objects.filter(helpful=True).count() == 2
    assert ArticleFeedback.objects.filter(helpful=False).count() == 1


def test_answers_from_one_address_are_rate_limited(client_for, publish_article, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "article_feedback": {"ip": (2, 3600)}}
    article = publish_article()
    url = reverse("blog:feedback", args=[article.pk])
    for _ in range(2):
        client_for(None).post(url, {"helpful": "yes"})
    response = client_for(None).post(url, {"helpful": "yes"}, follow=True)
    assert str(services.FEEDBACK_RATE_LIMITED) in response.content.decode()
    assert ArticleFeedback.objects.count() == 2


def test_the_rate_limit_message_is_shown_in_the_htmx_form(client_for, publish_article, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "article_feedback": {"ip": (0, 3600)}}
    article = publish_article()
    response = client_for(None).post(reverse("blog:feedback", args=[article.pk]),
                                     {"helpful": "yes", "comment": "kept"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert str(services.FEEDBACK_RATE_LIMITED) in html
    assert ">kept</textarea>" in html


def test_htmx_gets_the_thank_you_fragment(client, publish_article):
    article = publish_article()
    response = client.post(reverse("blog:feedback", args=[article.pk]), {"helpful": "yes"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thank you for telling us!" in html
    assert "<html" not in html


def test_an_answer_must_be_yes_or_no(client, publish_article):
    article = publish_article()
    assert client.post(reverse("blog:feedback", args=[article.pk]), {"helpful": "maybe"}).status_code == 400
    assert not ArticleFeedback.objects.exists()


def test_drafts_take_no_feedback(client, publish_article):
    article = publish_article(publish=False)
    assert client.post(reverse("blog:feedback", args=[article.pk]), {"helpful": "yes"}).status_code == 404
