"""Labels as the national formats print them, with the variants real reports use.

Kept apart from the parser's own label dictionary on purpose: the renderer writes what portals publish,
so round-trip tests check the parser against real wording rather than against itself.
"""
from __future__ import annotations

SECTION_TITLES = {
    1: ("总体情况",),
    2: ("主动公开政府信息情况",),
    3: ("收到和处理政府信息公开申请情况",),
    4: ("政府信息公开行政复议、行政诉讼情况",),
    5: ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"),
    6: ("其他需要报告的事项",),
}
CHINESE_NUMERALS = "〇一二三四五六七八九"

# Section 二: the blocks of 第二十条, each (item, [(category, printed row labels)], {format: metric headers}).
ITEM_CAPTION = "第二十条第（{item}）项"
CONTENT_HEADER = "信息内容"
DISCLOSURE_ROWS = {
    "regulations": ("规章",),
    "normative_documents": ("规范性文件", "行政规范性文件"),
    "licensing": ("行政许可",),
    "other_services": ("其他对外管理服务事项",),
    "penalties": ("行政处罚",),
    "coercion": ("行政强制",),
    "fees": ("行政事业性收费",),
    "procurement": ("政府集中采购",),
}
# The national label first; 2021 calls them 行政规范性文件, 2019 规范性文件, and both circulate in both years.
PREFERRED_ROW = {"2019": {"normative_documents": 0}, "2021": {"normative_documents": 1}}
DISCLOSURE_BLOCKS = {
    "2019": (
        ("一", ("regulations", "normative_documents")),
        ("五", ("licensing", "other_services")),
        ("六", ("penalties", "coercion")),
        ("八", ("fees",)),
        ("九", ("procurement",)),
    ),
    "2021": (
        ("一", ("regulations", "normative_documents")),
        ("五", ("licensing",)),
        ("六", ("penalties", "coercion")),
        ("八", ("fees",)),
    ),
}
METRIC_HEADERS = {
    "made": ("本年新制作数量",),
    "published": ("本年新公开数量",),
    "total_published": ("对外公开总数量",),
    "issued": ("本年制发件数",),
    "repealed": ("本年废止件数",),
    "in_force": ("现行有效件数",),
    "items_last_year": ("上一年项目数量",),
    "items_change": ("本年增/减",),
    "procurement_items": ("采购项目数量",),
}
# `decisions` is printed differently by the two formats.
DECISIONS_HEADER = {"2019": "处理决定数量", "2021": "本年处理决定数量"}
# Money headers: with a unit when the cells are bare numbers in 万元, without one when the cells carry it.
MONEY_HEADERS_WITH_UNIT = {
    "procurement_amount": ("采购总金额（单位：万元）", "采购总金额（万元）", "采购总金额（单位：万元，保留4位小数）"),
    "fee_amount": ("本年收费金额（单位：万元）",),
}
MONEY_HEADERS_BARE = {"procurement_amount": "采购总金额", "fee_amount": "本年收费金额"}

# Section 三.
CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_GROUP = "申请人情况"
ORGANISATIONS = "法人或其他组织"
APPLICANT_HEADERS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
RESULTS_GROUP = "三、本年度办理结果"
# Row labels: top-level rows span the whole label area; outcome rows sit under 三、 and maybe a sub-group.
TOP_ROWS = {
    "new_received": ("一、本年新收政府信息公开申请数量",),
    "carried_over": ("二、上年结转政府信息公开申请数量",),
    "carried_forward": ("四、结转下年度继续办理",),
}
# (group label or None, [(row, printed label variants)]).
OUTCOME_GROUPS = {
    "2019": (
        ("（一）予以公开", (("granted", None),)),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (("partially_granted", None),)),
        ("（三）不予公开", (
            ("denied_state_secret", ("1.属于国家秘密",)),
            ("denied_law_prohibited", ("2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开")),
            ("denied_security_stability", ("3.危及“三安全一稳定”",)),
            ("denied_third_party", ("4.保护第三方合法权益",)),
            ("denied_internal_affairs", ("5.属于三类内部事务信息",)),
            ("denied_process_info", ("6.属于四类过程性信息",)),
            ("denied_enforcement_files", ("7.属于行政执法案卷",)),
            ("denied_query_items", ("8.属于行政查询事项",)),
        )),
        ("（四）无法提供", (
            ("unavailable_not_held", ("1.本机关不掌握相关政府信息",)),
            ("unavailable_needs_creation", ("2.没有现成信息需要另行制作",)),
            ("unavailable_unclear", ("3.补正后申请内容仍不明确",)),
        )),
        ("（五）不予处理", (
            ("rejected_petition", ("1.信访举报投诉类申请",)),
            ("rejected_duplicate", ("2.重复申请",)),
            ("rejected_publication", ("3.要求提供公开出版物",)),
            ("rejected_mass_repeated", ("4.无正当理由大量反复申请",)),
            ("rejected_confirmation", ("5.要求行政机关确认或重新出具已获取信息",)),
        )),
        ("（六）其他处理", (("other", None),)),
        ("（七）总计", (("total", None),)),
    ),
}
OUTCOME_GROUPS["2021"] = tuple(
    ("（六）其他处理", (
        ("other_no_correction", ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",)),
        ("other_unpaid_fee", ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",)),
        ("other_misc", ("3.其他",)),
    )) if group == "（六）其他处理" else (group, rows)
    for group, rows in OUTCOME_GROUPS["2019"]
)
# Some reports drop the parenthesis of （二）; the label stays unambiguous.
SHORT_PARTIAL = "（二）部分公开"

# Section 四.
REVIEW = "行政复议"
LITIGATION = "行政诉讼"
LITIGATION_GROUPS = {"litigation_direct": "未经复议直接起诉", "litigation_after_review": "复议后起诉"}
OUTCOME_HEADERS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                   "total": "总计"}
# Where a two-line header breaks (as in 本年新<br>制作数量, 结果<br>纠正).
HEADER_BREAKS = {
    "本年新制作数量": 3, "本年新公开数量": 3, "对外公开总数量": 4, "上一年项目数量": 3, "处理决定数量": 2,
    "本年处理决定数量": 4, "本年制发件数": 4, "本年废止件数": 4, "现行有效件数": 4, "采购项目数量": 4,
    "商业企业": 2, "科研机构": 2, "社会公益组织": 4, "法律服务机构": 4, "结果维持": 2, "结果纠正": 2,
    "其他结果": 2, "尚未审结": 2,
}
