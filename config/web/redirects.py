"""Where a form may send the visitor back to: only this site, never an address a link chose."""

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str, *, name: str = "next") -> str:
    """The `next` of the POST (or GET) when it points at this host, else `fallback`."""
    target = request.POST.get(name) or request.GET.get(name) or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def local_path(path: str, *, max_length: int = 500) -> str:
    """A path on this site ("/t/1/…") to store or link back to; anything else becomes ""."""
    path = (path or "")[:max_length]
    if not path.startswith("/") or path.startswith(("//", "/\\")):
        return ""
    return path if url_has_allowed_host_and_scheme(path, allowed_hosts=None) else ""


def path_of(url: str) -> str:
    """`url` without its scheme and host: path, query and fragment ("" for ""). To put a link on
    another address (the site's own, `forum.accounts.on_site`) or to send a visitor back to the page
    they were on (check it with `safe_next` when it comes back)."""
    parts = urlsplit(url or "")
    return parts.path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
