"""Every printed row/column label of both national formats, and their variants → SCHEMA keys.

The dictionary is data: each entry is (key, pattern) and patterns are searched, in order, in the
label as normalised by `clean_label` (NFKC, no whitespace, numbering such as （一） 1. 三、 removed).
Specific patterns come before general ones. Typos seen in real reports are listed as variants.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from etl.extract.numbers import normalize

_NUMBERING = re.compile(
    r"^(?:第?[一二三四五六七八九十]+[、.．,，]|[(（]?[一二三四五六七八九十\d]+[)）]|\d+[、.．,，)）]|[、.．])+"
)
_PAREN = re.compile(r"[(（][^()（）]*[)）]")


@lru_cache(maxsize=1 << 16)
def clean_label(text: str) -> str:
    """Normalise a printed label for matching: NFKC, no spaces, leading numbering stripped."""
    t = normalize(text).replace("其它", "其他")
    prev = None
    while prev != t:
        prev, t = t, _NUMBERING.sub("", t)
    return t.strip(":：;；。,，")


@lru_cache(maxsize=1 << 16)
def bare_label(text: str) -> str:
    """`clean_label` without bracketed remarks such as （区分处理的，只计这一情形…）."""
    return _PAREN.sub("", clean_label(text))


# Section 二: category labels match the whole bare label.
CATEGORIES: list[tuple[str, str]] = [
    ("normative_documents", r"(行政)?规范性文件"),
    ("regulations", r"规章"),
    ("other_services", r"其他对外管理服务事项"),
    ("licensing", r"行政许可"),
    ("penalties", r"行政处罚"),
    ("coercion", r"行政强制"),
    ("fees", r"行政事业性收费"),
    ("procurement", r"政府集中采购"),
]

# Section 二 column headers, searched in the header cell.
METRICS: list[tuple[str, str]] = [
    ("made", r"新制作|制作数量"),
    ("total_published", r"公开总数|总数量"),
    ("published", r"新公开|公开数量"),
    ("procurement_items", r"采购项目"),
    ("procurement_amount", r"采购总?金额"),
    ("items_last_year", r"上一?年项目|项目数量"),
    ("items_change", r"增/?减|增减"),
    ("issued", r"制发"),
    ("repealed", r"废止"),
    ("in_force", r"现行有效"),
    ("fee_amount", r"收费金额"),
    ("decisions", r"处理决定|决定数量"),
]

# Section 三 applicant columns: the whole bare label.
APPLICANT_LABELS: list[tuple[str, str]] = [
    ("natural_person", r"自然人"),
    ("commercial", r"商业企业"),
    ("research", r"科研机构|科研院所"),
    ("social_welfare", r"社会公益(组织)?|公益组织"),
    ("legal_services", r"法律服务(机构)?"),
    ("other_org", r"其他(组织)?"),
    ("total", r"总计|合计"),
]

# Section 三 rows, searched in the cleaned label. `other_misc` is the bare 其他 of the 2021 （六） group.
APPLICATION_ROW_LABELS: list[tuple[str, str]] = [
    ("new_received", r"本年(度)?新收"),
    ("carried_over", r"上年(度)?结转"),
    ("carried_forward", r"结转下年"),
    ("partially_granted", r"^部分公开"),
    ("granted", r"^予以公开"),
    ("denied_state_secret", r"国家秘密"),
    ("denied_law_prohibited", r"禁止公开"),
    ("denied_security_stability", r"三安全一稳定|危及"),
    ("denied_third_party", r"第三方"),
    ("denied_internal_affairs", r"内部事务|内容事务|三类内"),
    ("denied_process_info", r"过程性"),
    ("denied_enforcement_files", r"执法案卷"),
    ("denied_query_items", r"查询事项"),
    ("unavailable_not_held", r"不掌握"),
    ("unavailable_needs_creation", r"另行制作|没有现成"),
    ("unavailable_unclear", r"仍不明确|补正后"),
    ("rejected_petition", r"信访|举报|投诉"),
    ("rejected_duplicate", r"^重复申请"),
    ("rejected_publication", r"出版物"),
    ("rejected_mass_repeated", r"大量反复"),
    ("rejected_confirmation", r"确认或重新出具|重新出具|要求行政机关确认"),
    ("other_no_correction", r"逾期不补正|无正当理由逾期|不补正"),
    ("other_unpaid_fee", r"收费通知|缴纳费用|逾期未按"),
    ("other", r"^其他处理$"),
    ("other_misc", r"^其他$"),
    ("total", r"^总计$|^合计$"),
]

# Section 四: groups and outcomes.
REVIEW_GROUP_LABELS: list[tuple[str, str]] = [
    ("litigation_direct", r"未经复议直接起诉|直接起诉"),
    ("litigation_after_review", r"复议后起诉"),
    ("review", r"^行政复议$"),
]
REVIEW_OUTCOME_LABELS: list[tuple[str, str]] = [
    ("upheld", r"^结果维持$|^维持$"),
    ("corrected", r"^结果纠正$|^纠正$"),
    ("other", r"^其他结果$"),
    ("pending", r"^尚未审结$"),
    ("total", r"^总计$|^合计$"),
]


def _compile(table: list[tuple[str, str]]) -> list[tuple[str, re.Pattern]]:
    return [(key, re.compile(p)) for key, p in table]


_CATEGORIES = [(k, re.compile(f"^(?:{p})$")) for k, p in CATEGORIES]
_METRICS = _compile(METRICS)
_APPLICANTS = [(k, re.compile(f"^(?:{p})$")) for k, p in APPLICANT_LABELS]
_ROWS = _compile(APPLICATION_ROW_LABELS)
_GROUPS = _compile(REVIEW_GROUP_LABELS)
_OUTCOMES = _compile(REVIEW_OUTCOME_LABELS)

_MAX_LABEL = 80  # longer cells are prose, not labels


def _match(table: list[tuple[str, re.Pattern]], text: str) -> str | None:
    if len(text) > _MAX_LABEL:
        return None
    for key, pattern in table:
        if pattern.search(text):
            return key
    return None


@lru_cache(maxsize=1 << 16)
def category(text: str) -> str | None:
    return _match(_CATEGORIES, bare_label(text))


@lru_cache(maxsize=1 << 16)
def metric(text: str) -> str | None:
    return _match(_METRICS, clean_label(text))


@lru_cache(maxsize=1 << 16)
def applicant(text: str) -> str | None:
    return _match(_APPLICANTS, bare_label(text))


@lru_cache(maxsize=1 << 16)
def application_row(text: str) -> str | None:
    return _match(_ROWS, clean_label(text))


@lru_cache(maxsize=1 << 16)
def review_group(text: str) -> str | None:
    return _match(_GROUPS, clean_label(text))


@lru_cache(maxsize=1 << 16)
def review_outcome(text: str) -> str | None:
    return _match(_OUTCOMES, bare_label(text))


_HEADER_WORDS = re.compile(r"^(?:法人或其他组织|申请人情况|信息内容|行政诉讼|项目|内容)$")


@lru_cache(maxsize=1 << 16)
def header_word(text: str) -> bool:
    """Words of table headers that name no column of their own (法人或其他组织, 信息内容 …)."""
    return bool(_HEADER_WORDS.match(bare_label(text)))


def has_numbering(text: str) -> bool:
    """True when the label starts with item numbering such as （七） or 七、."""
    return bool(_NUMBERING.match(normalize(text)))


# The national forms' own wording of each label (SCHEMA.md), bare of numbering and remarks: what a
# misprinted, truncated or split label is measured against when no pattern above matches it.
APPLICATION_ROW_TEXTS: dict[str, tuple[str, ...]] = {
    "new_received": ("本年新收政府信息公开申请数量",),
    "carried_over": ("上年结转政府信息公开申请数量",),
    "granted": ("予以公开",),
    "partially_granted": ("部分公开",),
    "denied_state_secret": ("属于国家秘密",),
    "denied_law_prohibited": ("其他法律行政法规禁止公开",),
    "denied_security_stability": ("危及三安全一稳定",),
    "denied_third_party": ("保护第三方合法权益",),
    "denied_internal_affairs": ("属于三类内部事务信息",),
    "denied_process_info": ("属于四类过程性信息",),
    "denied_enforcement_files": ("属于行政执法案卷",),
    "denied_query_items": ("属于行政查询事项",),
    "unavailable_not_held": ("本机关不掌握相关政府信息",),
    "unavailable_needs_creation": ("没有现成信息需要另行制作",),
    "unavailable_unclear": ("补正后申请内容仍不明确",),
    "rejected_petition": ("信访举报投诉类申请",),
    "rejected_duplicate": ("重复申请",),
    "rejected_publication": ("要求提供公开出版物",),
    "rejected_mass_repeated": ("无正当理由大量反复申请",),
    "rejected_confirmation": ("要求行政机关确认或重新出具已获取信息",),
    "other": ("其他处理",),
    "other_no_correction": ("申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",),
    "other_unpaid_fee": ("申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",),
    "carried_forward": ("结转下年度继续办理",),
}
# Group headings of section 三 that are no row of their own: close misprints of them must not become rows.
APPLICATION_GROUP_TEXTS = ("不予公开", "无法提供", "不予处理", "本年度办理结果", "申请人情况", "法人或其他组织")
CATEGORY_TEXTS: dict[str, tuple[str, ...]] = {
    "normative_documents": ("规范性文件", "行政规范性文件"),
    "other_services": ("其他对外管理服务事项",),
    "licensing": ("行政许可",),
    "penalties": ("行政处罚",),
    "coercion": ("行政强制",),
    "fees": ("行政事业性收费",),
    "procurement": ("政府集中采购",),
}
METRIC_TEXTS: dict[str, tuple[str, ...]] = {
    "made": ("本年新制作数量",), "published": ("本年新公开数量",), "total_published": ("对外公开总数量",),
    "issued": ("本年制发件数",), "repealed": ("本年废止件数",), "in_force": ("现行有效件数",),
    "items_last_year": ("上一年项目数量",), "items_change": ("本年增减",), "decisions": ("处理决定数量",),
    "procurement_items": ("采购项目数量",), "procurement_amount": ("采购总金额",), "fee_amount": ("本年收费金额",),
}
APPLICANT_TEXTS: dict[str, tuple[str, ...]] = {
    "commercial": ("商业企业",), "research": ("科研机构",), "social_welfare": ("社会公益组织",),
    "legal_services": ("法律服务机构",),
}
REVIEW_OUTCOME_TEXTS: dict[str, tuple[str, ...]] = {
    "upheld": ("结果维持",), "corrected": ("结果纠正",), "other": ("其他结果",), "pending": ("尚未审结",),
}
REVIEW_GROUP_TEXTS: dict[str, tuple[str, ...]] = {
    "litigation_direct": ("未经复议直接起诉",), "litigation_after_review": ("复议后起诉",),
}

FUZZY_MIN_LENGTH = 4  # shorter labels (规章, 总计, 其他) are matched exactly or not at all
FUZZY_THRESHOLD = 0.6  # normalised Levenshtein similarity a misprint must keep
_PUNCT = re.compile(r"[、,，.．:：;；“”\"'‘’()（）《》〈〉/／\-—_]")


@lru_cache(maxsize=1 << 16)
def fuzzy_text(text: str) -> str:
    """A label reduced to its characters: bare label without punctuation."""
    return _PUNCT.sub("", bare_label(text))


def _fuzzy(texts: dict[str, tuple[str, ...]], text: str, others: tuple[str, ...] = ()) -> tuple[str, float] | None:
    """(key, similarity) of the closest national label, when close enough and closer than any of `others`."""
    t = fuzzy_text(text)
    if not FUZZY_MIN_LENGTH - 1 <= len(t) <= _MAX_LABEL or sum("\u4e00" <= c <= "\u9fff" for c in t) < len(t) * 0.7:
        return None
    best: tuple[str, float] | None = None
    for key, variants in texts.items():
        for variant in variants:
            if len(variant) < FUZZY_MIN_LENGTH:
                continue
            score = Levenshtein.normalized_similarity(t, variant)
            if score >= FUZZY_THRESHOLD and (best is None or score > best[1]):
                best = (key, score)
    if best and any(Levenshtein.normalized_similarity(t, o) >= best[1] for o in others):
        return None
    return best


@lru_cache(maxsize=1 << 16)
def application_row_scored(text: str) -> tuple[str, float] | None:
    """(row key, similarity): 1.0 for a label the dictionary names, less for a misprint of the national wording."""
    if key := application_row(text):
        return key, 1.0
    return _fuzzy(APPLICATION_ROW_TEXTS, text, APPLICATION_GROUP_TEXTS)


def _tolerant(exact, texts: dict[str, tuple[str, ...]], others: tuple[str, ...] = ()):
    """A matcher that takes the dictionary's key, else the closest national wording's (a misprint)."""
    @lru_cache(maxsize=1 << 16)
    def match(text: str) -> str | None:
        if key := exact(text):
            return key
        found = _fuzzy(texts, text, others)
        return found[0] if found else None
    return match


category_tolerant = _tolerant(category, CATEGORY_TEXTS)
metric_tolerant = _tolerant(metric, METRIC_TEXTS)
applicant_tolerant = _tolerant(applicant, APPLICANT_TEXTS, APPLICATION_GROUP_TEXTS)
review_outcome_tolerant = _tolerant(review_outcome, REVIEW_OUTCOME_TEXTS)
review_group_tolerant = _tolerant(review_group, REVIEW_GROUP_TEXTS)
