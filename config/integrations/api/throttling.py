"""The API counts in the site's one limiter (config/web/ratelimit.py, limits in RATE_LIMITS)."""

from rest_framework import permissions, throttling

from config.web import ratelimit


class SiteRateLimit(throttling.BaseThrottle):
    def allow_request(self, request, view):
        action = "api_read" if request.method in permissions.SAFE_METHODS else "api_write"
        self.window = max(window for _hits, window in ratelimit.settings.RATE_LIMITS[action].values())
        return ratelimit.allow(request, action)

    def wait(self):
        return self.window
