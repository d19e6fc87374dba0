import pytest

from etl.extract.numbers import Value, money_unit, parse_value, to_wan


@pytest.mark.parametrize("text,number", [
    ("0", 0), ("２５５４", 2554), ("1,234", 1234), ("1，234", 1234), ("+2", 2), ("-3", -3), ("－3", -3),
    ("330.55万", 330.55), (" 12 ", 12), ("0\xa0", 0), ("5件", 5), ("5949.088667", 5949.088667),
    ("增加2", 2), ("减少3", -3), ("减1项", -1), ("零", 0), ("〇", 0), ("无", 0),
])
def test_numbers(text, number):
    value = parse_value(text)
    assert value is not None and value.number == pytest.approx(number)


@pytest.mark.parametrize("text", ["", "\xa0", "—", "-", "/", "——", "－", " "])
def test_blanks_are_null(text):
    assert parse_value(text) == Value(None)


@pytest.mark.parametrize("text", ["规章", "1.属于国家秘密", "2020年", "本年新收政府信息公开申请数量"])
def test_labels_are_not_values(text):
    assert parse_value(text) is None


def test_money_is_converted_to_wan():
    assert to_wan(parse_value("251000元"), None) == pytest.approx(25.1)
    assert to_wan(parse_value("330.55万"), "元") == pytest.approx(330.55)
    assert to_wan(parse_value("251000"), "元") == pytest.approx(25.1)
    assert to_wan(parse_value("12.5"), "万元") == pytest.approx(12.5)
    assert money_unit("采购总金额（单位：万元，保留4位小数）") == "万元"
    assert money_unit("本年收费金额（元）") == "元"
    assert money_unit("采购总金额") is None
