"""Sample template contexts: the Bắc Sơn conference of 15/9/2023, in ready-made sentences.

The facts (issuer, date, conference 17 of term XXII, budget revenue above 35,8 billion đồng
or 120,4% of the provincial estimate, 6/20 indicators met) come from the reference press
summary; the sentences are written for these tests. The resolution runs past one page so the
page number of page 2 can be checked. They are built as the typed contexts of
drafter/contexts.py, and a test checks that they have exactly the keys those declare.
"""

from __future__ import annotations

from drafter.contexts import Part, PhotoItem, PressTemplateContext, ResolutionContext
from drafter.profiles import Profile, load_profile

RESOLUTION_DATE_LINE = "Bắc Sơn, ngày 15 tháng 9 năm 2023"

_PARTS: list[Part] = [
    {
        "heading": "I- ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ 9 THÁNG ĐẦU NĂM 2023",
        "paragraphs": [
            "1- Hội nghị nhất trí với báo cáo của Ban Thường vụ Huyện ủy. Chín tháng qua, các "
            "cấp ủy, tổ chức đảng và chính quyền các cấp bám sát nghị quyết đầu năm, triển khai "
            "đồng bộ các giải pháp; đến nay đã có 6/20 chỉ tiêu đạt và vượt kế hoạch năm, các chỉ "
            "tiêu còn lại cơ bản bảo đảm tiến độ.",
            "Sản xuất nông nghiệp vượt kế hoạch; chương trình xây dựng nông thôn mới được triển "
            "khai đúng tiến độ; sản xuất công nghiệp, tiểu thủ công nghiệp giữ ổn định. Thu ngân "
            "sách nhà nước trên địa bàn được trên 35,8 tỷ đồng, đạt 120,4% dự toán tỉnh giao. "
            "Quản lý đất đai, tài nguyên khoáng sản và bảo vệ môi trường được thực hiện theo quy "
            "định.",
            "Các lĩnh vực văn hóa, xã hội có chuyển biến tốt; an sinh xã hội được bảo đảm. Quốc "
            "phòng, an ninh được giữ vững, trật tự an toàn xã hội ổn định. Công tác xây dựng "
            "Đảng và hệ thống chính trị được tăng cường; khối đại đoàn kết các dân tộc trong "
            "huyện tiếp tục được củng cố.",
            "2- Bên cạnh kết quả đạt được, việc giải ngân vốn đầu tư công và vốn các chương "
            "trình mục tiêu quốc gia còn chậm; việc cấp giấy chứng nhận quyền sử dụng đất cho "
            "nhà sinh hoạt cộng đồng chưa đáp ứng yêu cầu. Nguyên nhân chủ yếu là một số cấp ủy, "
            "người đứng đầu chưa quyết liệt trong chỉ đạo, phối hợp giữa các cơ quan có lúc "
            "chưa chặt chẽ.",
        ],
    },
    {
        "heading": "II- NHIỆM VỤ TRỌNG TÂM 3 THÁNG CUỐI NĂM 2023",
        "paragraphs": [
            "1- Tập trung xây dựng Đảng bộ và hệ thống chính trị trong sạch, vững mạnh; bảo vệ "
            "nền tảng tư tưởng của Đảng, đấu tranh với các quan điểm sai trái, thù địch; chú "
            "trọng kết nạp đảng viên, đào tạo, bồi dưỡng cán bộ; nâng cao chất lượng kiểm tra, "
            "giám sát và thi hành kỷ luật đảng.",
            "2- Đẩy nhanh tiến độ các chương trình, dự án trên địa bàn, trước hết là giải ngân "
            "vốn đầu tư công; chỉ đạo quyết liệt công tác thu ngân sách, khai thác và quản lý "
            "chặt chẽ các nguồn thu mới, phấn đấu hoàn thành các chỉ tiêu năm 2023 đã đề ra.",
            "3- Làm tốt công tác tuyên truyền các ngày lễ, ngày kỷ niệm; tiếp tục đổi mới giáo "
            "dục và đào tạo; nâng cao chất lượng khám bệnh, chữa bệnh; thực hiện đầy đủ, kịp "
            "thời các chính sách an sinh xã hội, chăm lo đời sống nhân dân dịp cuối năm.",
            "4- Giữ vững quốc phòng, an ninh và trật tự an toàn xã hội; chuẩn bị tốt công tác "
            "tuyển quân năm 2024; giải quyết kịp thời đơn thư, kiến nghị của công dân ngay từ "
            "cơ sở.",
        ],
    },
    {
        "heading": "III- TỔ CHỨC THỰC HIỆN",
        "paragraphs": [
            "1- Các chi bộ, đảng bộ trực thuộc, các cơ quan tham mưu, giúp việc Huyện ủy, Mặt "
            "trận Tổ quốc và các đoàn thể huyện căn cứ Nghị quyết xây dựng kế hoạch thực hiện "
            "phù hợp với tình hình thực tế của đơn vị.",
            "2- Ban Thường vụ Huyện ủy chỉ đạo, đôn đốc, kiểm tra việc thực hiện Nghị quyết; định "
            "kỳ báo cáo Ban Chấp hành Đảng bộ huyện.",
        ],
    },
]

_RECIPIENTS = [
    "Ban Thường vụ Tỉnh ủy (b/c)",
    "Các đồng chí Huyện ủy viên",
    "Các chi bộ, đảng bộ trực thuộc",
    "Các cơ quan tham mưu, giúp việc Huyện ủy",
]


def resolution_context(profile: Profile | None = None) -> ResolutionContext:
    """Return a complete draft-resolution context; forms follow ``profile`` (hd36)."""
    chosen = profile if profile is not None else load_profile("hd36")
    return {
        "superior": "ĐẢNG BỘ TỈNH LẠNG SƠN",
        "issuer": "HUYỆN ỦY BẮC SƠN",
        "number_line": chosen.number_line(None, "NQ", "HU"),
        "date_line": RESOLUTION_DATE_LINE,
        "draft_mark": chosen.draft_mark_text(),
        "conference_line": ("HỘI NGHỊ LẦN THỨ MƯỜI BẢY BAN CHẤP HÀNH ĐẢNG BỘ HUYỆN (KHÓA XXII)"),
        "subject": "về nhiệm vụ trọng tâm 3 tháng cuối năm 2023",
        "opening": (
            "Ngày 15/9/2023, Ban Chấp hành Đảng bộ huyện Bắc Sơn khóa XXII họp Hội nghị lần thứ "
            "mười bảy (mở rộng). Sau khi nghe Ban Thường vụ Huyện ủy trình bày báo cáo kết quả "
            "lãnh đạo, chỉ đạo thực hiện nhiệm vụ 9 tháng đầu năm và dự kiến nhiệm vụ trọng tâm "
            "3 tháng cuối năm 2023, thảo luận và cho ý kiến, Hội nghị"
        ),
        "parts": [
            Part(
                heading=part["heading"],
                paragraphs=list(part["paragraphs"]),
                kept=2 if part is _PARTS[-1] else 0,
            )
            for part in _PARTS
        ],
        "authority": chosen.authority_line("BAN CHẤP HÀNH"),
        "signer_title": "BÍ THƯ",
        "signer_name": "Lương Văn Hải",
        "recipients": [
            *(chosen.recipient_line(name) for name in _RECIPIENTS),
            chosen.archive_line("Văn phòng Huyện ủy"),
        ],
    }


def press_context() -> PressTemplateContext:
    """Return a complete press-summary context; photos carry no image (add one per test)."""
    return {
        "headline": "Bắc Sơn: 6/20 chỉ tiêu năm 2023 đạt và vượt sau 9 tháng",
        "lead": (
            "Ngày 15/9/2023, Ban Chấp hành Đảng bộ huyện Bắc Sơn khóa XXII họp hội nghị lần "
            "thứ 17 (mở rộng) để nhìn lại kết quả lãnh đạo, chỉ đạo 9 tháng đầu năm và thống "
            "nhất nhiệm vụ trọng tâm 3 tháng cuối năm 2023."
        ),
        "chair": "Đồng chí Bí thư Huyện ủy chủ trì hội nghị.",
        "attendance": (
            "Dự hội nghị có các đồng chí Huyện ủy viên, lãnh đạo các cơ quan tham mưu, giúp việc "
            "Huyện ủy, Mặt trận Tổ quốc, các đoàn thể huyện và bí thư các chi bộ, đảng bộ trực "
            "thuộc."
        ),
        "photos": [
            PhotoItem(image="", caption="Toàn cảnh hội nghị"),
            PhotoItem(image="", caption="Đại biểu xã Vũ Sơn tham gia ý kiến tại hội nghị"),
        ],
        "sections": [
            "Sau 9 tháng, 6/20 chỉ tiêu của năm đã đạt và vượt kế hoạch, các chỉ tiêu khác bám "
            "sát tiến độ. Nông nghiệp vượt kế hoạch, nông thôn mới đi đúng lộ trình; thu ngân "
            "sách trên địa bàn được trên 35,8 tỷ đồng, đạt 120,4% dự toán tỉnh giao. Văn hóa, "
            "xã hội chuyển biến tốt, quốc phòng, an ninh được giữ vững.",
            "Hội nghị cũng chỉ ra những việc còn chậm: giải ngân vốn đầu tư công và vốn các "
            "chương trình mục tiêu quốc gia chưa đạt yêu cầu; cấp giấy chứng nhận quyền sử dụng "
            "đất cho nhà sinh hoạt cộng đồng còn kéo dài.",
            "Các đại biểu tập trung thảo luận, làm rõ nguyên nhân của hạn chế, nhất là nguyên "
            "nhân chủ quan, và đề xuất cách làm cho những tháng cuối năm.",
            "Trong 3 tháng cuối năm, Đảng bộ huyện tập trung xây dựng Đảng và hệ thống chính "
            "trị trong sạch, vững mạnh; đẩy nhanh giải ngân vốn đầu tư công; khai thác tốt các "
            "nguồn thu mới; chăm lo an sinh xã hội, phấn đấu hoàn thành các chỉ tiêu năm 2023.",
            "Hội nghị đã thông qua Nghị quyết về nhiệm vụ trọng tâm 3 tháng cuối năm 2023.",
        ],
        "byline": "Dương Lan - Hồng Thuyên",
    }
