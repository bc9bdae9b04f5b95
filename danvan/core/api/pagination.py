from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

INVALID_PAGE = _("Trang “%(page)s” không hợp lệ: số trang là số nguyên từ 1.")
INVALID_PAGE_SIZE = _("Số dòng mỗi trang (page_size) là một số nguyên từ 1 (lớn hơn 500 được tính là 500).")
PAGE_OUT_OF_RANGE = _("Trang %(page)s không có dữ liệu: danh sách chỉ có %(pages)s trang.")


class Pagination(PageNumberPagination):
    """Page-number pagination with a client-chosen page size, capped so nobody can dump the table.

    `?page_size=` above the cap gives the cap; a page size that is not a whole number from 1 is a 400, as
    the schema says. A page that is not a number, or past the end, is a 404 with a Vietnamese message.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = _("Số trang, từ 1.")
    page_size_query_description = _("Số dòng mỗi trang (mặc định 50, tối đa 500).")

    def get_page_size(self, request):
        """The client's page size (capped at the maximum), or the default; not a whole number from 1 → 400."""
        raw = request.query_params.getlist(self.page_size_query_param)
        if not raw:
            return self.page_size
        try:
            value = int(raw[-1])
        except ValueError:
            value = 0
        if len(raw) > 1 or value < 1:
            raise ValidationError({self.page_size_query_param: [str(INVALID_PAGE_SIZE)]})
        return min(value, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage:
            raise NotFound(self._page_error(page_number, paginator), code="invalid_page") from None
        return list(self.page)

    @staticmethod
    def _page_error(page_number, paginator) -> str:
        try:
            number = int(page_number)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            return str(INVALID_PAGE % {"page": str(page_number)[:20]})
        return str(PAGE_OUT_OF_RANGE % {"page": number, "pages": paginator.num_pages})
