"""The JSON API's endpoints. Each one is the site's view in another dress: fetch with the forum's
authorising getters, check with forum.permissions, act with the services, count with the site's
rate limits. Nothing here decides who may do what."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from taggit.models import Tag, TaggedItem

from config.integrations.api import serializers as s
from config.integrations.api.base import ApiListView, ApiView
from config.integrations.api.pagination import Cursor
from config.web import ratelimit
from forum import permissions, selectors, services
from forum.models import Category, Thread

User = get_user_model()


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _thread_for_output(user, pk: int) -> Thread:
    return Thread.objects.visible_to(user).select_related("category", "author__profile").prefetch_related(
        "tags").get(pk=pk)


class ThreadFilters(serializers.Serializer):
    category = serializers.SlugField(required=False)
    tag = serializers.SlugField(required=False)
    kind = serializers.ChoiceField(choices=Thread.Kind.choices, required=False)
    status = serializers.ChoiceField(choices=Thread.Status.choices, required=False)
    view = serializers.ChoiceField(choices=[("all", "all"), ("unanswered", "unanswered"), ("solved", "solved"),
                                            ("mine", "mine")], required=False)


THREAD_FILTERS = [
    OpenApiParameter("category", str, description="A category's slug (its subcategories included)."),
    OpenApiParameter("tag", str, description="A tag's slug."),
    OpenApiParameter("kind", str, enum=Thread.Kind.values),
    OpenApiParameter("status", str, enum=Thread.Status.values),
    OpenApiParameter("view", str, enum=["all", "unanswered", "solved", "mine"]),
]


class ThreadList(ApiListView):
    serializer_class = s.ThreadSerializer

    def get_queryset(self):
        filters = ThreadFilters(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        category = get_object_or_404(Category, slug=wanted["category"]) if wanted.get("category") else None
        tag = get_object_or_404(Tag, slug=wanted["tag"]) if wanted.get("tag") else None
        return selectors.thread_list(category=category, tag=tag, kind=wanted.get("kind", ""),
                                     status=wanted.get("status", ""), view=wanted.get("view", "all"),
                                     user=self.request.user).order_by()

    @extend_schema(parameters=THREAD_FILTERS, summary="Threads, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.ThreadCreateSerializer, responses={201: s.ThreadSerializer},
                   summary="Ask a question, report a problem or pay a compliment")
    def post(self, request):
        data = _validated(s.ThreadCreateSerializer, request)
        user = request.user
        permissions.check_start_thread(user)
        permissions.check_links_allowed(user, data["body"])
        ratelimit.check(request, "post")
        thread = services.thread_create(author=user, kind=data["kind"], title=data["title"], body=data["body"],
                                        category=data["category"], tags=data["tags"],
                                        submission_token=data["submission_token"])
        return Response(s.ThreadSerializer(_thread_for_output(user, thread.pk)).data, status=status.HTTP_201_CREATED)


class ThreadDetail(ApiView):
    @extend_schema(responses=s.ThreadSerializer, summary="One thread")
    def get(self, request, pk: int):
        thread = selectors.get_visible_thread(request.user, pk)
        return Response(s.ThreadSerializer(_thread_for_output(request.user, thread.pk)).data)


class ThreadAnswers(ApiListView):
    serializer_class = s.AnswerSerializer
    pagination_class = type("AnswerCursor", (Cursor,), {"ordering": ("created_at", "id")})

    def get_queryset(self):
        thread = selectors.get_visible_thread(self.request.user, self.kwargs["pk"])
        return selectors.visible_answers(self.request.user, thread).order_by()

    @extend_schema(summary="A thread's answers, oldest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=s.AnswerCreateSerializer, responses={201: s.AnswerSerializer}, summary="Answer a thread")
    def post(self, request, pk: int):
        user = request.user
        thread = selectors.get_visible_thread(user, pk)
        data = _validated(s.AnswerCreateSerializer, request)
        permissions.check_answer_thread(user, thread)
        permissions.check_links_allowed(user, data["body"])
        ratelimit.check(request, "post")
        answer = services.answer_create(author=user, thread=thread, body=data["body"],
                                        submission_token=data["submission_token"])
        return Response(s.AnswerSerializer(selectors.get_visible_answer(user, answer.pk)).data,
                        status=status.HTTP_201_CREATED)


class AnswerDetail(ApiView):
    @extend_schema(responses=s.AnswerSerializer, summary="One answer")
    def get(self, request, pk: int):
        return Response(s.AnswerSerializer(selectors.get_visible_answer(request.user, pk)).data)


class _Kudos(ApiView):
    kind = "thread"

    def _post(self, request, pk):
        return selectors.get_visible_post(request.user, self.kind, pk)

    def _answer(self, post, given: bool, code=status.HTTP_200_OK):
        post.refresh_from_db(fields=["kudos_count"])
        return Response(s.KudosSerializer({"given": given, "kudos_count": post.kudos_count}).data, status=code)

    @extend_schema(request=None, responses={201: s.KudosSerializer}, summary="Give kudos")
    def post(self, request, pk: int):
        post = self._post(request, pk)
        permissions.check_give_kudo(request.user, post)
        ratelimit.check(request, "kudo")
        services.kudo_give(user=request.user, post=post)
        return self._answer(post, True, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.KudosSerializer}, summary="Take kudos back")
    def delete(self, request, pk: int):
        post = self._post(request, pk)
        permissions.check_give_kudo(request.user, post)
        ratelimit.check(request, "kudo")
        services.kudo_withdraw(user=request.user, post=post)
        return self._answer(post, False)


class ThreadKudos(_Kudos):
    kind = "thread"


class AnswerKudos(_Kudos):
    kind = "answer"


class Acceptance(ApiView):
    def _result(self, answer):
        answer.refresh_from_db(fields=["is_accepted"])
        thread_status = Thread.objects.filter(pk=answer.thread_id).values_list("status", flat=True).first()
        return Response(s.AcceptanceSerializer({"is_accepted": answer.is_accepted,
                                                "thread_status": thread_status}).data)

    @extend_schema(request=None, responses=s.AcceptanceSerializer, summary="Accept an answer as the solution")
    def post(self, request, pk: int):
        answer = selectors.get_visible_answer(request.user, pk)
        permissions.check_accept_answer(request.user, answer)
        services.answer_accept(answer=answer, by=request.user)
        return self._result(answer)

    @extend_schema(request=None, responses={200: s.AcceptanceSerializer}, summary="Undo an acceptance")
    def delete(self, request, pk: int):
        answer = selectors.get_visible_answer(request.user, pk)
        permissions.check_accept_answer(request.user, answer)
        services.answer_unaccept(answer=answer, by=request.user)
        return self._result(answer)


class _Follow(ApiView):
    def target(self, request, key) -> dict:
        raise NotImplementedError

    @extend_schema(request=None, responses=s.FollowSerializer, summary="Follow")
    def post(self, request, key):
        permissions.check_follow(request.user)
        services.follow(user=request.user, **self.target(request, key))
        return Response(s.FollowSerializer({"following": True}).data)

    @extend_schema(request=None, responses={200: s.FollowSerializer}, summary="Stop following")
    def delete(self, request, key):
        permissions.check_follow(request.user)
        services.unfollow(user=request.user, **self.target(request, key))
        return Response(s.FollowSerializer({"following": False}).data)


class ThreadFollow(_Follow):
    def target(self, request, key):
        return {"thread": selectors.get_visible_thread(request.user, key)}


class CategoryFollow(_Follow):
    def target(self, request, key):
        return {"category": get_object_or_404(Category, slug=key)}


class TagFollow(_Follow):
    def target(self, request, key):
        return {"tag": get_object_or_404(Tag, slug=key)}


class CategoryList(ApiListView):
    serializer_class = s.CategorySerializer
    pagination_class = type("CategoryCursor", (Cursor,), {"ordering": ("position", "id")})
    queryset = Category.objects.select_related("parent")

    @extend_schema(summary="Categories, in the site's order")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CategoryDetail(ApiView):
    @extend_schema(responses=s.CategorySerializer, summary="One category")
    def get(self, request, key):
        return Response(s.CategorySerializer(get_object_or_404(Category.objects.select_related("parent"),
                                                               slug=key)).data)


class TagList(ApiListView):
    serializer_class = s.TagSerializer
    pagination_class = type("TagCursor", (Cursor,), {"ordering": ("slug",)})

    def get_queryset(self):
        # Tags on threads anyone may see, each with how many (one query with a correlated count).
        items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Thread),
                                          object_id__in=Subquery(Thread.objects.public().values("pk")))
        counts = items.filter(tag_id=OuterRef("pk")).values("tag_id").annotate(n=Count("id")).values("n")[:1]
        return Tag.objects.filter(pk__in=items.values("tag_id")).annotate(thread_count=Subquery(counts))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = [{"slug": tag.slug, "name": tag.name, "thread_count": tag.thread_count or 0,
                 "url": s.site_url(reverse("forum:tag", kwargs={"slug": tag.slug}))} for tag in page]
        return self.get_paginated_response(s.TagSerializer(rows, many=True).data)

    @extend_schema(summary="Tags in use, by slug")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _badge_row(badge) -> dict:
    return {"slug": badge.slug, "name": badge.name, "description": badge.description, "tier": badge.tier,
            "holder_count": badge.holder_count, "url": s.site_url(badge.get_absolute_url())}


class BadgeList(ApiListView):
    serializer_class = s.BadgeSerializer
    pagination_class = type("BadgeCursor", (Cursor,), {"ordering": ("position", "id")})

    def get_queryset(self):
        from badges.models import Badge

        return Badge.objects.filter(enabled=True)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.BadgeSerializer([_badge_row(b) for b in page], many=True).data)

    @extend_schema(summary="Badges one can earn")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class BadgeDetail(ApiView):
    @extend_schema(responses=s.BadgeSerializer, summary="One badge")
    def get(self, request, key):
        from badges.models import Badge

        return Response(s.BadgeSerializer(_badge_row(get_object_or_404(Badge, slug=key, enabled=True))).data)


class MemberDetail(ApiView):
    @extend_schema(responses=s.ProfileSerializer, summary="A member's public profile")
    def get(self, request, username):
        from badges.models import Award

        member = get_object_or_404(User.objects.select_related("profile"), username=username, is_active=True)
        profile = services.profile_for(member)
        awards = Award.objects.held().filter(member=member, badge__enabled=True).select_related("badge")[:100]
        return Response(s.ProfileSerializer({
            "username": member.get_username(), "display_name": profile.name, "bio": profile.bio,
            "url": s.site_url(profile.get_absolute_url()), "joined_at": member.date_joined,
            "stats": selectors.member_stats(member), "badges": list(awards),
        }).data)


def _known_issues():
    from blog.models import KnownIssuePage

    return KnownIssuePage.objects.live().public().prefetch_related("categories", "updates")


def _known_issue_row(known_issue) -> dict:
    return {
        "id": known_issue.pk, "title": known_issue.title, "summary": known_issue.summary,
        "status": known_issue.status, "started_at": known_issue.started_at,
        "resolved_at": known_issue.resolved_at, "url": s.site_url(known_issue.url or "/"),
        "categories": [c.slug for c in known_issue.categories.all()],
        "updates": [{"posted_at": u.posted_at, "status": u.status, "text": u.text}
                    for u in sorted(known_issue.updates.all(), key=lambda u: (u.posted_at, u.pk))],
    }


class KnownIssueList(ApiListView):
    serializer_class = s.KnownIssueSerializer
    pagination_class = type("KnownIssueCursor", (Cursor,), {"ordering": ("-started_at", "-id")})

    def get_queryset(self):
        return _known_issues()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.KnownIssueSerializer([_known_issue_row(n) for n in page], many=True).data)

    @extend_schema(summary="Known issues, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class KnownIssueDetail(ApiView):
    @extend_schema(responses=s.KnownIssueSerializer, summary="One known issue with its updates")
    def get(self, request, pk: int):
        known_issue = _known_issues().filter(pk=pk).first()
        if known_issue is None:
            raise Http404
        return Response(s.KnownIssueSerializer(_known_issue_row(known_issue)).data)


class Me(ApiView):
    token_required = True

    @extend_schema(responses=s.MeSerializer, summary="The member and token making this call")
    def get(self, request):
        token = request.auth
        profile = services.profile_for(request.user)
        return Response(s.MeSerializer({
            "username": request.user.get_username(), "display_name": profile.name, "scopes": token.scopes,
            "token_name": token.name, "token_expires_at": token.expires_at,
        }).data)

