"""Search: Chinese two-character words, ASCII words, and (on PostgreSQL) an index that serves it."""

import pytest
from django.db import connection

from notices.models import Notice
from notices.search import search_tokens, tokens, tsquery
from tests.factories import make_notice

pytestmark = pytest.mark.django_db


def test_chinese_text_is_cut_into_overlapping_bigrams():
    assert tokens("社区低保") == ["社区", "区低", "低保"]


def test_ascii_words_and_numbers_are_kept_lower_cased():
    assert tokens("2017年棚改 WiFi-6") == ["2017", "年棚", "棚改", "wifi", "6"]


def test_punctuation_splits_runs():
    assert tokens("低保，棚改。") == ["低保", "棚改"]


def test_the_stored_column_has_each_token_once():
    assert search_tokens("低保低保", "低保") == "低保 保低"


def test_queries_need_every_token_and_a_single_character_matches_as_prefix():
    assert tsquery("低保申请") == "低保 & 保申 & 申请"
    assert tsquery("党") == "党:*"
    assert tsquery("!!!") == ""


def test_saving_keeps_the_tokens_in_step_with_the_text(actors):
    notice = make_notice(actors.community, actors.staff, title="停水通知", body="管网维修")
    notice.body = "棚改回访"
    notice.save(update_fields=["body"])
    notice.refresh_from_db()
    assert "棚改" in notice.search_tokens.split() and "维修" not in notice.search_tokens.split()


@pytest.fixture
def corpus(actors):
    make = make_notice
    return {
        "low_income": make(actors.community, actors.staff, title="关于低保复核结果的公示"),
        "shanty": make(actors.community, actors.staff, title="回访安置小区", body="2017年**棚改**回迁居民"),
        "summary": make(actors.community, actors.staff, title="医保政策", summary="低保对象个人缴费由财政资助"),
        "water": make(actors.community, actors.staff, title="停水通知", body="管网维修 WiFi"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("低保", {"low_income", "summary"}),
        ("棚改", {"shanty"}),
        ("低保复核", {"low_income"}),
        ("wifi", {"water"}),
        ("2017", {"shanty"}),
        ("停", {"water"}),
        ("棚改 低保", set()),
        ("养老", set()),
    ],
)
def test_search_finds_words_in_titles_summaries_and_bodies(corpus, query, expected):
    found = set(Notice.objects.search(query).values_list("pk", flat=True))
    assert found == {corpus[key].pk for key in expected}


def test_an_empty_query_filters_nothing(corpus):
    assert Notice.objects.search("  ，").count() == len(corpus)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_serves_the_search_from_the_gin_index(corpus):
    query = Notice.objects.search("低保").values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # Four rows would simply be scanned; forbid that to see whether the index can serve the match.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "notice_search_gin" in plan, plan


def test_search_results_keep_the_list_order_pinned_first_then_newest(actors):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    old = make_notice(actors.community, actors.staff, title="低保旧", publish_at=now - timedelta(days=9))
    new = make_notice(actors.community, actors.staff, title="低保新", publish_at=now - timedelta(days=1))
    pinned = make_notice(actors.community, actors.staff, title="低保置顶", publish_at=now - timedelta(days=30))
    Notice.objects.filter(pk=pinned.pk).update(pinned=True)
    found = list(Notice.objects.visible().search("低保").in_search_order().values_list("pk", flat=True))
    assert found == [pinned.pk, new.pk, old.pk]
    assert found == list(Notice.objects.visible().search("低保").in_order().values_list("pk", flat=True))
