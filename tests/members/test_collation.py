from datetime import date

import pytest

from members.collation import sort_by_strokes, stroke_key
from members.models import CommitteeSeat
from members.ordering import committee_order, unit_order
from tests.factories import make_community, make_seat, make_unit

pytestmark = pytest.mark.django_db


def test_surnames_follow_the_official_stroke_order():
    assert sort_by_strokes(list("黄陈张李王丁")) == list("丁王李张陈黄")


def test_equal_stroke_counts_are_ordered_by_the_first_strokes_not_the_radical():
    # 李, 张 and 陈 all have 7 strokes: 李 starts with 横, 张 and 陈 with 折, and 张's second stroke comes first.
    assert stroke_key("李") < stroke_key("张") < stroke_key("陈")


def test_full_names_compare_character_by_character():
    assert sort_by_strokes(["王建华", "丁志刚", "王二", "马淑芬"]) == ["丁志刚", "马淑芬", "王二", "王建华"]


def test_characters_missing_from_the_stroke_table_still_sort():
    names = ["𠀀三", "王五", "Li Ming"]
    assert sort_by_strokes(names)[-1] == "𠀀三"


def test_committee_lists_are_by_role_then_strokes():
    community = make_community()
    unit = make_unit(community)
    seats = [
        make_seat(unit, "黄委员"),
        make_seat(unit, "陈副书记", role=CommitteeSeat.Role.DEPUTY),
        make_seat(unit, "丁委员"),
        make_seat(unit, "张书记", role=CommitteeSeat.Role.SECRETARY),
        make_seat(unit, "李委员", term_start=date(2025, 1, 1)),
    ]
    assert [s.holder_name for s in committee_order(seats)] == ["张书记", "陈副书记", "丁委员", "李委员", "黄委员"]


def test_units_list_the_community_first_then_by_kind():
    community = make_community()
    school = make_unit(community, "红星小学", kind="institution")
    office = make_unit(community, "王家税务所", kind="organ")
    home = make_unit(community, "红星社区", kind="community")
    assert unit_order([school, office, home]) == [home, office, school]
