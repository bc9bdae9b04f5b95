"""Deployment checks (`danvan check --deploy`) for what Django's own checks cannot know about danvan.

Outside demo mode the settings refuse to load without a real DANVAN_SECRET_KEY (settings.py), so these checks
matter where demo mode is on: a demo left running as a real installation.
"""
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_demo_settings(app_configs, **kwargs):
    problems = []
    if settings.SECRET_KEY == getattr(settings, "DEMO_SECRET_KEY", None):
        problems.append(Error(
            "SECRET_KEY là khoá công khai của bản trình diễn: ai cũng giả được phiên đăng nhập và chữ ký.",
            hint="Đặt DANVAN_SECRET_KEY một khoá ngẫu nhiên riêng (≥ 50 ký tự) và tắt DANVAN_DEMO.",
            id="danvan.E001",
        ))
    if getattr(settings, "DEMO_MODE", False):
        problems.append(Warning(
            "Đang ở chế độ trình diễn (DANVAN_DEMO=1): các tài khoản mẫu đăng nhập được bằng mật khẩu công khai.",
            hint="Bỏ DANVAN_DEMO trên hệ thống thật.",
            id="danvan.W001",
        ))
    return problems


@register(Tags.database, deploy=True)
def check_production_database(app_configs, **kwargs):
    if getattr(settings, "DEMO_MODE", False) or not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return []
    return [Warning(
        "Cơ sở dữ liệu là SQLite: một máy chủ, không sao lưu trực tuyến, không mở rộng được nhiều tiến trình ghi.",
        hint="Đặt DATABASE_URL=postgres://… (docs/deploy.md); `danvan serve` chỉ chạy trên SQLite với --allow-sqlite.",
        id="danvan.W002",
    )]
