"""Pagination that stays fast on deep pages of a large list.

A plain Paginator counts every row of the filtered list (`COUNT(*)` over all public threads on
every list page) and reaches page n with `OFFSET n × size`, which reads and throws away every row
before it. BoundedPaginator stops at `max_pages`: the count reads at most max_pages × size + 1
rows (`SELECT COUNT(*) FROM (… LIMIT …)`), and no offset goes deeper than that. A page number
past the end shows the last page (as Paginator.get_page does); `truncated` says there are more
rows than the pages offered, so the pagination partial can point to filters and search instead.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, max_pages: int, **kwargs):
        self.max_pages = max_pages
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _bounded_count(self) -> int:
        return self.object_list[: self.max_pages * self.per_page + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.max_pages * self.per_page)

    @property
    def truncated(self) -> bool:
        return self._bounded_count > self.max_pages * self.per_page
