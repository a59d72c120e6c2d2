"""Where a form may send the visitor back to: only this site, never an address a link chose."""

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
