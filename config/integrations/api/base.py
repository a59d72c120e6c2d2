"""What every endpoint of our API shares, set here rather than in REST_FRAMEWORK so that Wagtail's
admin API (which also runs on DRF) keeps DRF's defaults."""

from rest_framework import generics
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from config.integrations.api.authentication import BearerTokenAuthentication
from config.integrations.api.errors import problem_handler
from config.integrations.api.pagination import Cursor
from config.integrations.api.parsers import LimitedJSONParser
from config.integrations.api.permissions import TokenScopes
from config.integrations.api.throttling import SiteRateLimit


class ApiMixin:
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [TokenScopes]
    throttle_classes = [SiteRateLimit]
    parser_classes = [LimitedJSONParser]
    renderer_classes = [JSONRenderer]
    pagination_class = Cursor

    def get_exception_handler(self):
        return problem_handler


class ApiView(ApiMixin, APIView):
    pass


class ApiListView(ApiMixin, generics.ListAPIView):
    pass
