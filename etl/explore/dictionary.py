"""The data dictionary: every SCHEMA.md key with its Chinese and English label, and the check rules' text.

Generated, never hand-edited: `docs/data-dictionary.md` (`python -m etl.explore.dictionary` writes it;
a test checks it is current), the `data_dictionary` and `check_rules` tables (filled by migration 0007:
a later change of these labels adds a migration that calls `fill_reference_tables` again) and the
Datasette labels of `nianbao browse`.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from etl import harmonise
from etl.extract.record import (
    ACTIVE_DISCLOSURE,
    APPLICANTS,
    APPLICATION_ROWS,
    FORMATS,
    REVIEW_GROUPS,
    REVIEW_OUTCOMES,
)

# key -> (中文, English), per kind of key.
CATEGORIES = {
    "regulations": ("规章", "regulations"),
    "normative_documents": ("（行政）规范性文件", "normative documents"),
    "licensing": ("行政许可", "administrative licensing"),
    "other_services": ("其他对外管理服务事项", "other external management services"),
    "penalties": ("行政处罚", "administrative penalties"),
    "coercion": ("行政强制", "administrative coercion"),
    "fees": ("行政事业性收费", "administrative fees"),
    "procurement": ("政府集中采购", "centralised government procurement"),
}
METRICS = {
    "made": ("本年新制作数量", "made this year"),
    "published": ("本年新公开数量", "newly published this year"),
    "total_published": ("对外公开总数量", "total published"),
    "issued": ("本年制发件数", "issued this year"),
    "repealed": ("本年废止件数", "repealed this year"),
    "in_force": ("现行有效件数", "in force"),
    "items_last_year": ("上一年项目数量", "items last year"),
    "items_change": ("本年增/减", "change this year"),
    "decisions": ("（本年）处理决定数量", "decisions this year"),
    "fee_amount": ("本年收费金额（万元）", "fees collected this year (10,000 yuan)"),
    "procurement_items": ("采购项目数量", "procurement items"),
    "procurement_amount": ("采购总金额（万元）", "procurement amount (10,000 yuan)"),
}
APPLICANT_LABELS = {
    "natural_person": ("自然人", "natural persons"),
    "commercial": ("商业企业", "commercial enterprises"),
    "research": ("科研机构", "research institutions"),
    "social_welfare": ("社会公益组织", "social welfare organisations"),
    "legal_services": ("法律服务机构", "legal service organisations"),
    "other_org": ("其他", "other organisations"),
    "total": ("总计", "total"),
}
APPLICATION_ROW_LABELS = {
    "new_received": ("本年新收政府信息公开申请数量", "applications received this year"),
    "carried_over": ("上年结转政府信息公开申请数量", "carried over from last year"),
    "granted": ("予以公开", "granted"),
    "partially_granted": ("部分公开", "partially granted"),
    "denied_state_secret": ("不予公开：属于国家秘密", "denied: state secret"),
    "denied_law_prohibited": ("不予公开：其他法律行政法规禁止公开", "denied: prohibited by other laws"),
    "denied_security_stability": ("不予公开：危及“三安全一稳定”", "denied: endangers security or stability"),
    "denied_third_party": ("不予公开：保护第三方合法权益", "denied: third-party rights"),
    "denied_internal_affairs": ("不予公开：属于三类内部事务信息", "denied: internal affairs"),
    "denied_process_info": ("不予公开：属于四类过程性信息", "denied: process information"),
    "denied_enforcement_files": ("不予公开：属于行政执法案卷", "denied: enforcement files"),
    "denied_query_items": ("不予公开：属于行政查询事项", "denied: administrative query items"),
    "unavailable_not_held": ("无法提供：本机关不掌握相关政府信息", "unavailable: not held"),
    "unavailable_needs_creation": ("无法提供：没有现成信息需要另行制作", "unavailable: would need creating"),
    "unavailable_unclear": ("无法提供：补正后申请内容仍不明确", "unavailable: still unclear after correction"),
    "rejected_petition": ("不予处理：信访举报投诉类申请", "not handled: petitions and complaints"),
    "rejected_duplicate": ("不予处理：重复申请", "not handled: duplicate application"),
    "rejected_publication": ("不予处理：要求提供公开出版物", "not handled: asks for publications"),
    "rejected_mass_repeated": ("不予处理：无正当理由大量反复申请", "not handled: mass repeated applications"),
    "rejected_confirmation": ("不予处理：要求行政机关确认或重新出具已获取信息",
                              "not handled: asks to confirm or reissue information held"),
    "other": ("其他处理", "other handling"),
    "other_no_correction": ("其他处理：申请人无正当理由逾期不补正", "other: applicant did not correct in time"),
    "other_unpaid_fee": ("其他处理：申请人逾期未按收费通知要求缴纳费用", "other: fee not paid in time"),
    "other_misc": ("其他处理：其他", "other: miscellaneous"),
    "total": ("总计", "total handled"),
    "carried_forward": ("结转下年度继续办理", "carried forward to next year"),
}
REVIEW_GROUP_LABELS = {
    "review": ("行政复议", "administrative review"),
    "litigation_direct": ("行政诉讼：未经复议直接起诉", "litigation without prior review"),
    "litigation_after_review": ("行政诉讼：复议后起诉", "litigation after review"),
}
REVIEW_OUTCOME_LABELS = {
    "upheld": ("结果维持", "upheld"),
    "corrected": ("结果纠正", "corrected"),
    "other": ("其他结果", "other result"),
    "pending": ("尚未审结", "pending"),
    "total": ("总计", "total"),
}
# Rule -> (中文, English). 1–4: within one report (etl.extract.checks); Y1, Y2: across years (etl.crossyear).
CHECK_RULES = {
    "1": ("本年新收 + 上年结转 = 总计 + 结转下年度继续办理（每一申请人列）",
          "new_received + carried_over = total + carried_forward, per applicant column"),
    "2": ("总计 = 各办理结果之和（每一申请人列）", "total = the sum of the outcome rows, per applicant column"),
    "3": ("总计列 = 六类申请人之和（每一行）", "the total column = the six applicant columns, per row"),
    "4": ("总计 = 维持 + 纠正 + 其他 + 尚未审结（每一复议/诉讼组）",
          "total = upheld + corrected + other + pending, per review/litigation group"),
    "Y1": ("本年“上年结转” = 上一年度报告的“结转下年度继续办理”（每一申请人列）",
           "this year's carried_over = last year's report's carried_forward, per applicant column"),
    "Y2": ("（2019 格式）本年“上一年项目数量” = 上一年度报告的“上一年项目数量” + “本年增/减”",
           "(2019 format) this year's items_last_year = last year's items_last_year + items_change"),
}
# Columns of the reports table and the exports that are not table cells.
COLUMNS = {
    "report_id": ("报告编号", "report id"),
    "status": ("状态（current 现行 / superseded 已被更正版取代）", "status: current or superseded"),
    "superseded_by": ("取代它的报告", "superseded by report"),
    "publisher": ("发布机构", "publisher"),
    "year": ("报告年度", "report year"),
    "title": ("标题", "title"),
    "publish_date": ("发布日期", "publish date"),
    "format": ("表格格式（2019 / 2021 / legacy）", "national table format"),
    "quality": ("解析质量（complete 完整 / partial 不全 / doubtful 存疑）", "the parser's quality verdict"),
    "quality_reasons": ("质量判定理由", "reasons for the quality verdict"),
    "region_code": ("行政区划代码", "division code"),
    "province": ("省级", "province"),
    "prefecture": ("地级", "prefecture"),
    "county": ("县级", "county"),
    "parser_version": ("解析器版本", "parser version"),
    "canonical_url": ("首选来源网址", "canonical source URL"),
    "sources": ("来源数", "number of sources"),
    "failed_checks": ("未通过的勾稽校验数", "failed checks"),
    "rule": ("校验规则", "check rule"),
    "rule_text": ("校验规则说明", "check rule text"),
    "cell": ("单元格", "cell"),
    "expected": ("应为", "expected"),
    "found": ("实为", "found"),
    "category": ("事项", "category"),
    "metric": ("指标", "metric"),
    "value": ("数值", "value"),
    "row": ("行", "row"),
    "applicant": ("申请人", "applicant"),
    "count": ("件数", "count"),
    "group": ("组", "group"),
    "outcome": ("结果", "outcome"),
}


def cell_label(table: str, row: str, column: str) -> tuple[str, str]:
    """(中文, English) of one table cell by its SCHEMA keys."""
    if table == "active_disclosure":
        rows, cols = CATEGORIES, METRICS
    elif table == "applications":
        rows, cols = APPLICATION_ROW_LABELS, APPLICANT_LABELS
    else:
        rows, cols = REVIEW_GROUP_LABELS, REVIEW_OUTCOME_LABELS
    return f"{rows[row][0]} · {cols[column][0]}", f"{rows[row][1]} · {cols[column][1]}"


def cells() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Every cell of both national formats: (table, row, column, formats that print it), in printed order."""
    seen: dict[tuple[str, str, str], list[str]] = {}
    for fmt in FORMATS:
        for category, metrics in ACTIVE_DISCLOSURE[fmt].items():
            for metric in metrics:
                seen.setdefault(("active_disclosure", category, metric), []).append(fmt)
        for row in APPLICATION_ROWS[fmt]:
            for applicant in APPLICANTS:
                seen.setdefault(("applications", row, applicant), []).append(fmt)
        for group in REVIEW_GROUPS:
            for outcome in REVIEW_OUTCOMES:
                seen.setdefault(("review_litigation", group, outcome), []).append(fmt)
    return [(*key, tuple(formats)) for key, formats in seen.items()]


def dictionary_rows() -> list[dict[str, str]]:
    """The rows of the data_dictionary table: metadata columns, then every cell with its wide-column name."""
    rows = [{"name": name, "kind": "column", "label_zh": zh, "label_en": en, "formats": ""}
            for name, (zh, en) in COLUMNS.items()]
    for table, row, column, formats in cells():
        zh, en = cell_label(table, row, column)
        rows.append({"name": f"{table}__{row}__{column}", "kind": table, "label_zh": zh, "label_en": en,
                     "formats": " ".join(formats)})
    return rows


def fill_reference_tables(connection) -> None:
    """(Re)write the data_dictionary and check_rules tables from the dictionaries above."""
    connection.execute(text("DELETE FROM data_dictionary"))
    connection.execute(text("INSERT INTO data_dictionary (name, kind, label_zh, label_en, formats) "
                            "VALUES (:name, :kind, :label_zh, :label_en, :formats)"), dictionary_rows())
    connection.execute(text("DELETE FROM check_rules"))
    connection.execute(text("INSERT INTO check_rules (rule, text_zh, text_en) VALUES (:rule, :zh, :en)"),
                       [{"rule": rule, "zh": zh, "en": en} for rule, (zh, en) in CHECK_RULES.items()])


def markdown() -> str:
    """docs/data-dictionary.md."""
    lines = ["# Data dictionary", "",
             "Generated by `python -m etl.explore.dictionary` from the SCHEMA.md keys (etl.extract.record), their labels "
             "and the check rules (etl.explore.dictionary); do not edit by hand. The same rows are the "
             "`data_dictionary` and `check_rules` tables of the database.", "",
             "## Check rules", "", "| rule | 中文 | English |", "|---|---|---|"]
    lines += [f"| {rule} | {zh} | {en} |" for rule, (zh, en) in CHECK_RULES.items()]
    lines += ["", "## Columns", "", "| column | 中文 | English |", "|---|---|---|"]
    lines += [f"| `{name}` | {zh} | {en} |" for name, (zh, en) in COLUMNS.items()]
    lines += ["", "## Section 二 harmonised (active_disclosure_harmonised)", "", harmonise.__doc__.strip(), "",
              "| column | 2019 metric | 2021 metric |", "|---|---|---|"]
    lines += [f"| `<category>__{name}` | `{per['2019']}` | `{per['2021']}` |"
              for name, per in harmonise.HARMONISED.items()]
    lines += ["", "## Table cells", "",
              "Wide column `<table>__<row>__<column>`; the long tables hold the same keys one cell a row.", "",
              "| wide column | formats | 中文 | English |", "|---|---|---|---|"]
    for table, row, column, formats in cells():
        zh, en = cell_label(table, row, column)
        lines.append(f"| `{table}__{row}__{column}` | {' '.join(formats)} | {zh} | {en} |")
    return "\n".join(lines) + "\n"


DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"

if __name__ == "__main__":
    DOC_PATH.parent.mkdir(exist_ok=True)
    DOC_PATH.write_text(markdown(), encoding="utf-8")
    print(DOC_PATH)
