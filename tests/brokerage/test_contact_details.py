"""The contact-details filter of messages sent before an introduction: plain and disguised contacts are caught,
technical numbers are not."""
import pytest

from matchmaker.contact_details import holds_contact_details


@pytest.mark.parametrize("text", [
    "li@tyut.edu.cn", "li ＠ tyut . edu . cn", "li at tyut dot edu dot cn", "li(at)tyut(dot)edu(dot)cn",
    "请致电 138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "一三八〇〇一三八〇〇〇", "壹叁捌零零壹叁捌零零零",
    "０３５１－１２３４５６７", "0351-1234567", "加微信 tyut_li", "vx: abc12345", "wechat：li2026x", "QQ 12345678",
    "扣扣 5432109",
])
def test_contact_details_are_caught_however_they_are_written(text):
    assert holds_contact_details(text)


@pytest.mark.parametrize("text", [
    "循环 2000 次容量保持率 90% 以上", "预算 300 万元，2027 年 6 月交付", "我们有 30000 吨产能", "耐盐雾 500 小时",
    "一种低温电解液，第一批样品", "at the end of 2027, a dot matrix display", "请通过平台联系我们", "贵司 wechat 公众号",
])
def test_technical_text_with_numbers_passes(text):
    assert not holds_contact_details(text)
