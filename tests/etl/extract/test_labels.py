import pytest

from etl.extract import labels


@pytest.mark.parametrize("text,key", [
    ("一、本年新收政府信息公开申请数量", "new_received"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"),
    ("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)", "partially_granted"),
    ("2.其他法律法规禁止公开", "denied_law_prohibited"),
    ("5.属于三类内容事务信息", "denied_internal_affairs"),
    ("4.无正当理由由大量反复申请", "rejected_mass_repeated"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_no_correction"),
    ("（七）总计", "total"),
    ("四、结转下年度继续办理", "carried_forward"),
    ("5.要求行政机关确认或重新出具已获取", "rejected_confirmation"),
])
def test_application_rows(text, key):
    assert labels.application_row(text) == key


@pytest.mark.parametrize("text,key", [
    ("自 然 人", "natural_person"), ("商业\n企业", "commercial"), ("其他", "other_org"), ("总计", "total"),
])
def test_applicant_columns(text, key):
    assert labels.applicant(text) == key


@pytest.mark.parametrize("text,key", [
    ("本年新\n制作数量", "made"), ("本年新公开数量", "published"), ("对外公开总数量", "total_published"),
    ("本年增/减", "items_change"), ("采购总金额（单位：万元，保留4位小数）", "procurement_amount"),
    ("采购项目数量", "procurement_items"), ("本年收费金额(单位:万元)", "fee_amount"),
    ("本年处理决定数量", "decisions"), ("现行有效件数", "in_force"),
])
def test_metrics(text, key):
    assert labels.metric(text) == key


@pytest.mark.parametrize("text,key", [
    ("行政规范性文件", "normative_documents"), ("规章", "regulations"), ("行政事业性收费", "fees"),
    ("1. 规章", "regulations"), ("行政许可、行政处罚、行政强制", None), ("其他对外管理服务事项", "other_services"),
])
def test_categories(text, key):
    assert labels.category(text) == key


def test_review_labels():
    assert labels.review_group("未经复议直接起诉") == "litigation_direct"
    assert labels.review_group("复议后起诉") == "litigation_after_review"
    assert labels.review_outcome("结果 纠正") == "corrected"
    assert labels.review_outcome("尚未\n审结") == "pending"
