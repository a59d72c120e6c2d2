"""The member's API tokens: make one (its secret shown once, on this response only), revoke one."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from config.integrations import forms, tokens
from config.integrations.models import ApiToken
from config.web.decorators import signed_in
from forum import roles

REVOKED = _("The token is revoked: calls with it are refused from now on.")
FIX_BELOW = _("Please fix the problems below; what you typed is kept.")

_member_required = signed_in(refuse_anonymous_posts=True)


@_member_required
def token_list(request):
    may_moderate = roles.is_moderator(request.user)
    created = None
    status = 200
    if request.method == "POST":
        form = forms.TokenForm(request.POST, may_moderate=may_moderate)
        if form.is_valid():
            data = form.cleaned_data
            expires_at = timezone.now() + timedelta(days=int(data["expires"])) if data["expires"] else None
            try:
                created = tokens.token_create(user=request.user, name=data["name"], scopes=data["scopes"],
                                              expires_at=expires_at)
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                form = forms.TokenForm(may_moderate=may_moderate)
        if created is None:
            messages.error(request, FIX_BELOW)
            status = 400
    else:
        form = forms.TokenForm(may_moderate=may_moderate)
    return render(request, "integrations/tokens.html", {
        "form": form, "created": created, "tokens": list(tokens.tokens_of(request.user)),
    }, status=status)


@_member_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # another's token: 404, not a hint
    try:
        tokens.check_revoke_token(request.user, token)
        tokens.token_revoke(token=token)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, REVOKED)
    return redirect("integrations:tokens")
