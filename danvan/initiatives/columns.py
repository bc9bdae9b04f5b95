"""Columns of the initiative and exemplar lists: one spec for the export and the Excel import.

Headers are what exports write; synonyms are what people write in their own sheets (compared
without accents, case or punctuation). "Mã" is the record's id: a re-imported export finds its records by it.
"""
from django.utils.translation import gettext_lazy as _

from danvan.core.exports import CHOICE, DATE, ID, INT, MONEY, ORGANIZATION, TEXT, UNIT, Column
from danvan.initiatives.models import ExemplarKind, Field, Scope, Status

FIELD_SYNONYMS = (
    ("kt", Field.ECONOMY), ("linh vuc kinh te", Field.ECONOMY),
    ("vh xh", Field.CULTURE_SOCIETY), ("vhxh", Field.CULTURE_SOCIETY), ("van hoa", Field.CULTURE_SOCIETY),
    ("xa hoi", Field.CULTURE_SOCIETY), ("van hoa xa hoi", Field.CULTURE_SOCIETY),
    ("qp an", Field.DEFENCE_SECURITY), ("qpan", Field.DEFENCE_SECURITY), ("quoc phong", Field.DEFENCE_SECURITY),
    ("an ninh", Field.DEFENCE_SECURITY), ("quoc phong an ninh", Field.DEFENCE_SECURITY),
    ("an ninh quoc phong", Field.DEFENCE_SECURITY),
    ("he thong chinh tri", Field.POLITICAL_SYSTEM), ("xd htct", Field.POLITICAL_SYSTEM),
    ("htct", Field.POLITICAL_SYSTEM), ("xay dung dang", Field.POLITICAL_SYSTEM),
    ("xay dung he thong chinh tri", Field.POLITICAL_SYSTEM),
)
STATUS_SYNONYMS = (
    ("du thao", Status.DRAFT), ("dang ky", Status.REGISTERED), ("da dang ky", Status.REGISTERED),
    ("dang trien khai", Status.IMPLEMENTING), ("dang thuc hien", Status.IMPLEMENTING),
    ("so ket", Status.REVIEWED), ("da so ket", Status.REVIEWED), ("cong nhan", Status.RECOGNISED),
    ("duoc cong nhan", Status.RECOGNISED), ("cong nhan dien hinh", Status.RECOGNISED),
    ("khong trien khai", Status.NOT_IMPLEMENTED), ("khong thuc hien", Status.NOT_IMPLEMENTED),
    ("tam dung", Status.SUSPENDED), ("ket thuc", Status.CLOSED), ("da ket thuc", Status.CLOSED),
)
SCOPE_SYNONYMS = (("tt", Scope.COLLECTIVE), ("tap the", Scope.COLLECTIVE), ("cn", Scope.INDIVIDUAL),
                  ("ca nhan", Scope.INDIVIDUAL))

ORGANIZATION_SYNONYMS = ("Tổ chức", "Cơ quan chủ trì", "Đơn vị chủ trì", "Cơ quan, đơn vị chủ trì",
                         "Tổ chức, đơn vị chủ trì", "Chủ thể thực hiện", "Đơn vị thực hiện", "Cơ quan, đơn vị",
                         "Tên tổ chức", "Tên cơ quan, đơn vị", "Cơ quan, tổ chức")
UNIT_SYNONYMS = ("Xã/phường", "Xã, phường", "Xã, phường, thị trấn", "Xã/phường/thị trấn", "Địa bàn",
                 "Địa phương", "Đơn vị hành chính (xã, phường)", "Xã, phường, đặc khu")


def place_columns():
    """Columns that place a record: its organisation and, as hints for same-named ones, its unit."""
    return [
        Column("organization", _("Tổ chức chủ trì"), ORGANIZATION, synonyms=ORGANIZATION_SYNONYMS, required=True,
               width=30, help=_("Tên tổ chức trong phạm vi của bạn (như trên trang Tổ chức).")),
        Column("organization_id", _("Mã tổ chức"), INT, attr="organization_id", width=10,
               help=_("Không bắt buộc: mã số của tổ chức, khi có hai tổ chức trùng tên.")),
        Column("unit", _("Đơn vị hành chính"), UNIT, synonyms=UNIT_SYNONYMS, width=30,
               help=_("Xã/phường của tổ chức; tên cũ (trước 01/07/2025) được tự chuyển sang đơn vị mới.")),
        Column("province", _("Tỉnh/thành phố"), UNIT, export=False,
               synonyms=("Tỉnh", "Thành phố", "Tỉnh, thành phố", "Tỉnh/thành phố (hiện nay)")),
        Column("district", _("Huyện (cũ)"), TEXT, export=False,
               synonyms=("Huyện", "Quận/huyện", "Huyện, thị xã", "Quận, huyện, thị xã", "Huyện/thị xã/thành phố")),
        Column("commune", _("Xã/phường (hiện nay)"), UNIT, importable=False, width=24),
    ]


INITIATIVE_COLUMNS = [
    Column("id", _("Mã"), ID, synonyms=("Mã mô hình", "Mã số", "ID"), width=8,
           help=_("Để trống khi thêm mới. Tệp xuất từ hệ thống có sẵn mã: nhập lại không tạo bản sao.")),
    Column("title", _("Tên mô hình"), TEXT, required=True, width=50,
           synonyms=("Mô hình", "Tên mô hình Dân vận khéo", "Tên mô hình “Dân vận khéo”", "Tên mô hình, điển hình",
                     "Tên", "Mô hình Dân vận khéo", "Tên mô hình DVK")),
    Column("field", _("Lĩnh vực"), CHOICE, choices=Field, choice_synonyms=FIELD_SYNONYMS, required=True, width=24,
           help=_("Chọn trong danh sách.")),
    Column("scope", _("Phạm vi"), CHOICE, choices=Scope, choice_synonyms=SCOPE_SYNONYMS, width=12,
           synonyms=("Tập thể/cá nhân", "Tập thể, cá nhân", "Loại mô hình"),
           help=_("Tập thể hoặc Cá nhân; để trống là Tập thể.")),
    *place_columns(),
    Column("year", _("Năm đăng ký"), INT, required=True, width=10,
           synonyms=("Năm", "Năm thực hiện", "Năm xây dựng", "Năm đăng ký xây dựng")),
    Column("registered_on", _("Ngày đăng ký"), DATE, width=12,
           help=_("dd/mm/yyyy. Để trống: lấy ngày bắt đầu, nếu không có thì 01/01 của năm đăng ký.")),
    Column("start_date", _("Ngày bắt đầu"), DATE, width=12,
           synonyms=("Ngày triển khai", "Thời gian bắt đầu", "Thời gian triển khai", "Ngày thực hiện")),
    Column("status", _("Trạng thái"), CHOICE, choices=Status, choice_synonyms=STATUS_SYNONYMS, width=22,
           synonyms=("Tình trạng", "Tình trạng thực hiện", "Kết quả thực hiện"),
           help=_("Chọn trong danh sách; để trống là Đã đăng ký.")),
    Column("reason", _("Lý do"), TEXT, export=False, synonyms=("Lý do chuyển trạng thái", "Lý do tạm dừng"),
           help=_("Bắt buộc khi trạng thái là Không triển khai, Tạm dừng hoặc Kết thúc.")),
    Column("description", _("Mô tả"), TEXT, width=50,
           synonyms=("Nội dung", "Nội dung mô hình", "Mô tả mô hình", "Cách làm", "Nội dung, cách làm",
                     "Nội dung, cách thức thực hiện")),
    Column("goals", _("Mục tiêu"), TEXT, width=40, synonyms=("Mục đích", "Mục tiêu, yêu cầu")),
    Column("budget", _("Kinh phí (đồng)"), MONEY, export=False, width=16,
           synonyms=("Kinh phí", "Kinh phí thực hiện", "Tổng kinh phí", "Kinh phí huy động", "Số tiền",
                     "Kinh phí (VNĐ)", "Kinh phí (đ)", "Tổng kinh phí (đồng)", "Nguồn kinh phí"),
           help=_("Không bắt buộc: số đồng, ví dụ 12.000.000 hoặc 1,5 triệu. Được ghi thành chỉ tiêu “Kinh phí” "
                  "(đơn vị: đồng) của mô hình.")),
    Column("last_progress_at", _("Cập nhật tiến độ gần nhất"), DATE, importable=False, width=14),
]

EXEMPLAR_COLUMNS = [
    Column("id", _("Mã"), ID, synonyms=("Mã điển hình", "Mã số", "ID"), width=8,
           help=_("Để trống khi thêm mới. Tệp xuất từ hệ thống có sẵn mã: nhập lại không tạo bản sao.")),
    Column("name", _("Tên điển hình"), TEXT, required=True, width=40,
           synonyms=("Điển hình", "Họ và tên", "Họ tên", "Tên tập thể, cá nhân", "Tên cá nhân, tập thể",
                     "Tên điển hình tiên tiến", "Điển hình tiên tiến", "Tên")),
    Column("kind", _("Loại"), CHOICE, choices=ExemplarKind, choice_synonyms=SCOPE_SYNONYMS, width=12,
           synonyms=("Cá nhân/tập thể", "Cá nhân, tập thể", "Tập thể/cá nhân", "Phạm vi"),
           help=_("Cá nhân hoặc Tập thể; để trống là Cá nhân.")),
    Column("field", _("Lĩnh vực"), CHOICE, choices=Field, choice_synonyms=FIELD_SYNONYMS, required=True, width=24,
           help=_("Chọn trong danh sách.")),
    *[c if c.key != "organization" else Column(
        "organization", _("Tổ chức"), ORGANIZATION, synonyms=ORGANIZATION_SYNONYMS + ("Tổ chức chủ trì",),
        required=True, width=30, help=c.help) for c in place_columns()],
    Column("year", _("Năm"), INT, required=True, width=8, synonyms=("Năm công nhận", "Năm đăng ký")),
    Column("achievements", _("Thành tích"), TEXT, width=50,
           synonyms=("Thành tích nổi bật", "Thành tích đạt được", "Tóm tắt thành tích", "Nội dung")),
    Column("initiative_id", _("Mã mô hình"), INT, attr="initiative_id", width=10,
           help=_("Không bắt buộc: mã của mô hình gắn với điển hình.")),
]

COLUMNS = {"Initiative": INITIATIVE_COLUMNS, "Exemplar": EXEMPLAR_COLUMNS}
