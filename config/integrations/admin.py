"""Staff screens: API tokens (make one for an integration's account, shown once; revoke) and
webhook endpoints with their delivery log (see webhooks_admin below)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.integrations import tokens, webhooks
from config.integrations.models import ApiToken, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from config.web.text import SingleLineMixin
from forum import roles

LOG_ROWS = 20  # the latest deliveries on an endpoint's page; the deliveries list has them all


class LabelledSplitDateTime(admin_widgets.AdminSplitDateTime):
    """Django's date and time boxes, each with a name: the "Date:" and "Time:" beside them are
    plain text, not labels (axe: label). Django's own words, so its catalogue translates them."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("Date:")
        self.widgets[1].attrs["aria-label"] = _("Time:")


def log_table(model, fields: list[str], rows) -> dict:
    """A log for a change page's template (admin/integrations/log_table.html): headers are the
    model's own field names, so they are translated already."""
    return {"headers": [capfirst(model._meta.get_field(name).verbose_name) for name in fields],
            "rows": [[getattr(row, name) for name in fields] for row in rows]}


TOKEN_SHOWN_ONCE = _("The token for “%(name)s” is %(secret)s. Copy it now: it is shown only this once.")


class ApiTokenAddForm(SingleLineMixin, forms.ModelForm):
    scopes = forms.MultipleChoiceField(label=_("Scopes"), choices=ApiToken.Scope.choices,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiToken
        fields = ["user", "name", "scopes", "expires_at"]

    def clean(self):
        data = super().clean()
        user = data.get("user")
        if user is not None and ApiToken.Scope.MODERATION in data.get("scopes", []) and not roles.is_moderator(user):
            self.add_error("scopes", tokens.MODERATION_SCOPE_STAFF_ONLY)
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "user__email", "prefix"]
    raw_id_fields = ["user"]
    actions = ["revoke"]
    readonly_fields = ["prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "name", "scopes", "expires_at"]
        return ["user", "name", "prefix", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [*self.readonly_fields, "user"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        made = tokens.token_create(user=obj.user, name=obj.name, scopes=form.cleaned_data["scopes"],
                                   expires_at=obj.expires_at)
        obj.pk = made.token.pk
        obj.__dict__.update({k: v for k, v in made.token.__dict__.items() if not k.startswith("_")})
        messages.warning(request, TOKEN_SHOWN_ONCE % {"name": made.token.name, "secret": made.secret})

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.token_revoke(token=token)
            count += 1
        self.message_user(request, ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
                          % {"count": count})


# Webhooks

TEST_SENT = _("A test event is on its way to “%(name)s”; its delivery is listed below.")
REENABLED = _("The endpoint is active again; its failure count starts from zero.")


class WebhookEndpointForm(SingleLineMixin, forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(label=_("Events"), choices=list(webhooks.EVENTS.items()),
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        webhooks.check_target(url)
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["name", "url", "is_active", "consecutive_failures", "disabled_at"]
    list_filter = ["is_active"]
    readonly_fields = ["secret", "consecutive_failures", "disabled_at", "disabled_reason", "created_at"]
    actions = ["send_test"]
    change_form_template = "admin/integrations/webhookendpoint/change_form.html"
    # The delivery log is a table of the latest LOG_ROWS in a scrolling region of its own, not an
    # inline: an inline listed every delivery ever made and widened the page (reflow, axe).
    log_fields = ["created_at", "event_type", "status", "attempts", "last_status_code", "last_response_ms",
                  "last_error", "message_id"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        deliveries = (WebhookDelivery.objects.filter(endpoint_id=object_id).order_by("-created_at", "-pk")[:LOG_ROWS]
                      if str(object_id).isdigit() else [])  # anything else: Django's own "not found"
        context = {**(extra_context or {}), "log": log_table(WebhookDelivery, self.log_fields, deliveries),
                   "log_title": capfirst(WebhookDelivery._meta.verbose_name_plural)}
        return super().change_view(request, object_id, form_url, extra_context=context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.secret = webhooks.new_secret()
            obj.created_by = request.user
        elif "is_active" in form.changed_data and obj.is_active:
            obj.consecutive_failures, obj.disabled_at, obj.disabled_reason = 0, None, ""
            messages.info(request, REENABLED)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        from django.urls import path

        return [path("<int:pk>/send-test/", self.admin_site.admin_view(self.send_test_view),
                     name="integrations_webhookendpoint_send_test"), *super().get_urls()]

    def send_test_view(self, request, pk):
        from django.http import HttpResponseNotAllowed
        from django.shortcuts import get_object_or_404, redirect

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        if not self.has_change_permission(request, endpoint):
            raise PermissionDenied
        webhooks.send_test_event(endpoint=endpoint, by=request.user)
        messages.success(request, TEST_SENT % {"name": endpoint.name})
        return redirect("admin:integrations_webhookendpoint_change", endpoint.pk)

    @admin.action(description=_("Send a test event"), permissions=["change"])
    def send_test(self, request, queryset):
        for endpoint in queryset:
            webhooks.send_test_event(endpoint=endpoint, by=request.user)
            messages.success(request, TEST_SENT % {"name": endpoint.name})


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "endpoint", "event_type", "status", "attempts", "last_status_code",
                    "last_response_ms", "last_error"]
    list_filter = ["status", "event_type", "endpoint"]
    search_fields = ["message_id"]
    readonly_fields = ["endpoint", "message_id", "event_type", "payload", "status", "attempts", "last_status_code",
                       "last_response_ms", "last_error", "created_at", "delivered_at"]
    change_form_template = "admin/integrations/webhookdelivery/change_form.html"
    log_fields = ["number", "at", "status_code", "response_ms", "error"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        attempts = (WebhookAttempt.objects.filter(delivery_id=object_id).order_by("number")
                    if str(object_id).isdigit() else [])
        context = {**(extra_context or {}), "log": log_table(WebhookAttempt, self.log_fields, attempts),
                   "log_title": capfirst(WebhookAttempt._meta.verbose_name_plural)}
        return super().change_view(request, object_id, form_url, extra_context=context)

    def has_add_permission(self, request):
        return False
