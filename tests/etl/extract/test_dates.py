import pytest

from etl.extract.dates import parse_date


@pytest.mark.parametrize("text,iso", [
    ("2022年12月30日", "2022-12-30"),
    ("发布时间:2021-01-30 21:56:00", "2021-01-30"),
    ("二〇二一年一月三十日", "2021-01-30"),
    ("二○二一年十二月三日", "2021-12-03"),
    ("发布日期：2020-01-31", "2020-01-31"),
    ("成文日期： 2023/2/5", "2023-02-05"),
    ("２０２３年２月５日", "2023-02-05"),
    ("2023.01.15", "2023-01-15"),
])
def test_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", [None, "", "2020年度", "无", "2023年13月40日"])
def test_not_dates(text):
    assert parse_date(text) is None

