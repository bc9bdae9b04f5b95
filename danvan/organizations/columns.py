"""Columns of the organisation list: one spec for the export and the Excel import."""
from django.utils.translation import gettext_lazy as _

from danvan.core.exports import CHOICE, ID, INT, ORGANIZATION, TEXT, UNIT, Column
from danvan.organizations.models import OrganizationKind

KIND_SYNONYMS = (
    ("dang bo", OrganizationKind.PARTY_COMMITTEE), ("ubnd", OrganizationKind.PEOPLES_COMMITTEE),
    ("mttq", OrganizationKind.FATHERLAND_FRONT), ("mat tran", OrganizationKind.FATHERLAND_FRONT),
    ("hoi nong dan", OrganizationKind.FARMERS), ("hnd", OrganizationKind.FARMERS),
    ("hoi phu nu", OrganizationKind.WOMEN), ("hlhpn", OrganizationKind.WOMEN), ("phu nu", OrganizationKind.WOMEN),
    ("doan thanh nien", OrganizationKind.YOUTH), ("doan tn", OrganizationKind.YOUTH),
    ("hoi ccb", OrganizationKind.VETERANS), ("ccb", OrganizationKind.VETERANS), ("cong an", OrganizationKind.POLICE),
    ("quan su", OrganizationKind.MILITARY), ("truong", OrganizationKind.SCHOOL), ("thon", OrganizationKind.HAMLET),
    ("ban", OrganizationKind.HAMLET), ("to dan pho", OrganizationKind.HAMLET), ("bdv", OrganizationKind.MASS_MOBILIZATION),
)

ORGANIZATION_COLUMNS = [
    Column("id", _("Mã"), ID, synonyms=("Mã tổ chức", "Mã số", "ID"), width=8,
           help=_("Để trống khi thêm mới. Tệp xuất từ hệ thống có sẵn mã: nhập lại không tạo bản sao.")),
    Column("name", _("Tên tổ chức"), TEXT, required=True, width=40,
           synonyms=("Tổ chức", "Tên cơ quan, đơn vị", "Cơ quan, đơn vị", "Tên cơ quan, tổ chức", "Tên")),
    Column("kind", _("Loại tổ chức"), CHOICE, choices=OrganizationKind, choice_synonyms=KIND_SYNONYMS, required=True,
           width=24, synonyms=("Loại",), help=_("Chọn trong danh sách.")),
    Column("unit", _("Đơn vị hành chính"), UNIT, required=True, width=30,
           synonyms=("Xã/phường", "Xã, phường", "Xã, phường, thị trấn", "Địa bàn", "Địa phương"),
           help=_("Xã/phường hoặc tỉnh hiện hành; tên cũ (trước 01/07/2025) được tự chuyển sang đơn vị mới.")),
    Column("province", _("Tỉnh/thành phố"), UNIT, export=False, synonyms=("Tỉnh", "Thành phố", "Tỉnh, thành phố")),
    Column("district", _("Huyện (cũ)"), TEXT, export=False, synonyms=("Huyện", "Quận/huyện", "Huyện, thị xã")),
    Column("parent", _("Tổ chức cấp trên"), ORGANIZATION, width=30, synonyms=("Cấp trên", "Trực thuộc"),
           help=_("Không bắt buộc: tên tổ chức cấp trên (đã có, hoặc ở dòng trên trong tệp).")),
    Column("parent_id", _("Mã tổ chức cấp trên"), INT, attr="parent_id", width=10),
]

COLUMNS = {"Organization": ORGANIZATION_COLUMNS}
