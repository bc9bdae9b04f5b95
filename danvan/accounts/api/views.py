"""API tokens: get yours with username and password, revoke it when a script or device is retired.

One token per user (DRF authtoken), the same one the profile page shows, creates and revokes. A
revoked token stops working at once: the next request with it is a 401.
"""
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from danvan.core.api.schema import ErrorsAutoSchema
from danvan.core.api.views import VietnameseErrorsMixin

# Attempts per client address; REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_token"] overrides it.
DEFAULT_TOKEN_RATE = "10/minute"
INVALID_CREDENTIALS = _("Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khoá.")


class TokenLoginSerializer(VietnameseErrorsMixin, serializers.Serializer):
    username = serializers.CharField(max_length=150, label=_("Tên đăng nhập"))
    password = serializers.CharField(max_length=128, trim_whitespace=False, label=_("Mật khẩu"),
                                     style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Gửi kèm mỗi yêu cầu: header “Authorization: Token <mã>”."))
    username = serializers.CharField()
    created = serializers.DateTimeField(help_text=_("Thời điểm tạo mã"))


class TokenRequestThrottle(ScopedRateThrottle):
    """Limits password attempts per client address (the default cache is enough: one process)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or DEFAULT_TOKEN_RATE


class TokenView(APIView):
    """POST: username + password → your API token. DELETE: revoke your token."""

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
            "Đổi tên đăng nhập và mật khẩu lấy mã truy cập (mỗi người một mã; đã có thì trả lại mã đó). "
            "Giới hạn số lần thử mỗi phút; quá giới hạn → 429."
        ),
    )
    def post(self, request):
        payload = TokenLoginSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(
            request._request, username=payload.validated_data["username"],
            password=payload.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(INVALID_CREDENTIALS, code="invalid_credentials")
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenSerializer({"token": token.key, "username": user.get_username(),
                                         "created": token.created}).data)

    @extend_schema(
        summary=_("Thu hồi mã truy cập API"), request=None, responses={204: None},
        description=_("Mã đang dùng (của bạn) hết hiệu lực ngay; yêu cầu sau dùng mã này → 401."),
    )
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
