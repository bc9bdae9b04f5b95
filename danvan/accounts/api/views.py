"""API tokens: get one with username and password, revoke it when a script or device is retired.

Tokens are django-rest-knox tokens (accounts/tokens.py): each POST makes a new one, shown in that answer only
(the database keeps its SHA-512 digest), valid API_TOKEN_DAYS days. DELETE revokes the token the request is
signed with (`?all=true`: every token of the user); a revoked or expired token is a 401 at once.

Password attempts are limited twice: per client address per minute (the throttle below, counted in the shared
cache), and by the lockout of django-axes per account and per address (accounts/lockout.py), the same lockout
as the login page's. The client address is the real one (core/proxies.py), not a header the client sends.
"""
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from danvan.accounts import tokens
from danvan.accounts.lockout import lockout_response
from danvan.accounts.services import must_change_password
from danvan.core.api.schema import ErrorsAutoSchema
from danvan.core.api.views import VietnameseErrorsMixin
from danvan.core.proxies import client_ip

# Attempts per client address; REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_token"] overrides it.
DEFAULT_TOKEN_RATE = "10/minute"
INVALID_CREDENTIALS = _("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khoá.")


class TokenLoginSerializer(VietnameseErrorsMixin, serializers.Serializer):
    username = serializers.CharField(max_length=150, label=_("Tên đăng nhập"))
    password = serializers.CharField(max_length=128, trim_whitespace=False, label=_("Mật khẩu"),
                                     style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_(
        "Gửi kèm mỗi yêu cầu: header “Authorization: Token <mã>”. Chỉ hiện một lần: hệ thống không lưu mã."))
    username = serializers.CharField()
    created = serializers.DateTimeField(help_text=_("Thời điểm tạo mã"))
    expiry = serializers.DateTimeField(allow_null=True, help_text=_("Thời điểm mã hết hạn"))


class TokenRequestThrottle(ScopedRateThrottle):
    """Limits password attempts per real client address, counted in the shared cache (every process together)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or DEFAULT_TOKEN_RATE

    def get_ident(self, request):
        return client_ip(request)


class TokenView(APIView):
    """POST: username + password → a new API token. DELETE: revoke the token you sign with (or all yours)."""

    schema = ErrorsAutoSchema()
    throttle_scope = "api_token"
    throttle_classes = [TokenRequestThrottle]
    anonymous_methods = ("POST",)
    throttled_methods = ("POST",)

    def get_authenticators(self):
        # Signing in with a password must not fail because an old, revoked token is still sent.
        request = getattr(self, "request", None)
        if request is not None and request.method == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_throttles(self):
        return super().get_throttles() if self.request.method in self.throttled_methods else []

    @extend_schema(
        summary=_("Lấy mã truy cập API"), request=TokenLoginSerializer, responses={200: TokenSerializer},
        auth=[], description=_(
            "Đổi tên đăng nhập và mật khẩu lấy một mã truy cập mới (chỉ hiện một lần; hết hạn sau số ngày quy định). "
            "Giới hạn số lần thử mỗi phút theo địa chỉ máy (quá giới hạn → 429); nhập sai nhiều lần thì tài khoản "
            "hoặc địa chỉ bị tạm khoá (429, code “locked_out”)."
        ),
    )
    def post(self, request):
        payload = TokenLoginSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        credentials = {"username": payload.validated_data["username"]}
        user = authenticate(request._request, password=payload.validated_data["password"], **credentials)
        if getattr(request._request, "axes_locked_out", False):
            return lockout_response(request._request, credentials=credentials)
        if user is None or not user.is_active:
            raise serializers.ValidationError(INVALID_CREDENTIALS, code="invalid_credentials")
        if must_change_password(user):
            raise PermissionDenied(_("Bạn đang dùng mật khẩu tạm thời: hãy đăng nhập trang web và đặt mật khẩu của "
                                     "riêng mình trước khi lấy mã truy cập API."))
        token, text = tokens.issue(user)
        return Response(TokenSerializer({"token": text, "username": user.get_username(), "created": token.created,
                                         "expiry": token.expiry}).data)

    @extend_schema(
        summary=_("Thu hồi mã truy cập API"), request=None, responses={204: None},
        parameters=[OpenApiParameter("all", OpenApiTypes.BOOL, required=False, description=_(
            "true: thu hồi mọi mã của bạn (đăng xuất khỏi mọi chương trình)"))],
        description=_("Mã đang dùng hết hiệu lực ngay; yêu cầu sau dùng mã này → 401. Đăng nhập bằng phiên "
                      "(không dùng mã) hoặc ?all=true: thu hồi mọi mã của bạn."),
    )
    def delete(self, request):
        values = request.query_params.getlist("all")
        if len(values) > 1 or (values and values[0] not in ("true", "false")):
            raise serializers.ValidationError({"all": [str(_("Cần true hoặc false."))]})
        if isinstance(request.auth, AuthToken) and values != ["true"]:
            request.auth.delete()
        else:
            tokens.revoke_all(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
