"""Made-up names for the demo's people: common surnames, given names by gender, no name used twice.

The lists come out the same on every run (a fixed seed), so seeders that look rows up by name stay
idempotent. Names the demo gives to particular people (logins, committee members, unit contacts) are
reserved and never drawn.
"""

from __future__ import annotations

import functools
import random

# Roughly by how common they are; the first ones come up more often.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
MALE = [
    "建国",
    "志强",
    "国庆",
    "文杰",
    "晓东",
    "振华",
    "立新",
    "德明",
    "宏伟",
    "磊",
    "子豪",
    "永刚",
    "卫东",
    "明辉",
    "鹏",
    "海涛",
    "建军",
    "俊杰",
    "浩然",
    "宇航",
    "国平",
    "长海",
    "福生",
    "树林",
    "庆丰",
    "玉山",
    "光辉",
    "春雷",
    "志远",
    "世杰",
    "金龙",
    "德胜",
    "兴旺",
    "占军",
    "连生",
    "晨阳",
    "博文",
    "一鸣",
    "家豪",
    "思远",
    "天佑",
    "少华",
    "广才",
    "宝成",
    "万里",
    "亮",
    "勇",
    "军",
    "斌",
    "刚",
    "凯",
    "涛",
    "健",
    "伟",
    "超",
    "毅",
]
FEMALE = [
    "秀英",
    "丽娟",
    "海燕",
    "桂芳",
    "春梅",
    "玉兰",
    "淑珍",
    "红霞",
    "雪莲",
    "婷婷",
    "思琪",
    "凤英",
    "金凤",
    "晓燕",
    "静",
    "桂英",
    "秀兰",
    "玉珍",
    "丽华",
    "美玲",
    "慧敏",
    "雅琴",
    "淑华",
    "翠萍",
    "月娥",
    "素芬",
    "冬梅",
    "小红",
    "晓丽",
    "梦洁",
    "欣怡",
    "雨桐",
    "佳怡",
    "诗涵",
    "子涵",
    "若曦",
    "嘉欣",
    "文静",
    "丽萍",
    "玉梅",
    "艳",
    "娜",
    "敏",
    "霞",
    "萍",
    "芳",
    "颖",
    "琳",
    "洁",
    "倩",
    "慧",
    "瑶",
    "琴",
    "莉",
    "燕",
    "蕾",
]
# The bench draws names from the same pools.
GIVEN = MALE + FEMALE

# Names the demo already gives to particular people (logins, seats, unit contacts, callers, delegates).
RESERVED = {
    "王建华", "李秀梅", "陈立新", "张桂兰", "郑文博", "孙丽华", "赵德顺", "周晓燕", "刘晓燕", "吴振东", "马淑芬",
    "田光明", "江海燕", "孟庆海", "石丽娟", "宋玉洁", "潘国强", "黄晓雯", "白玉兰", "丁志刚", "袁立伟", "何建国",
    "韩雪梅", "卢志强", "范立国", "彭思远", "曹静怡", "蒋文华", "刘长福", "孙桂芝", "马春生", "何淑珍", "高建国",
    "吴秀英", "郑玉兰", "冯长友", "周明", "陈晓雯", "李娜", "刘雨婷", "陈浩然",
}  # fmt: skip
# Words that mark a stand-in rather than a person; the demo tests look for them.
PLACEHOLDERS = ["测试", "张三", "李四", "王五", "某某", "某", "test", "demo", "xxx", "大爷", "大妈", "先生", "女士"]


@functools.cache
def _pool(gender: str, count: int = 700) -> tuple[str, ...]:
    """`count` distinct names of one gender, none reserved and none shared with the other gender's pool."""
    rng = random.Random(f"gongjian-demo-{gender}")
    given = MALE if gender == "m" else FEMALE
    weights = [1 / (1 + i / 12) for i in range(len(SURNAMES))]
    names: list[str] = []
    seen = set(RESERVED)
    while len(names) < count:
        name = rng.choices(SURNAMES, weights=weights)[0] + rng.choice(given)
        if name not in seen:
            seen.add(name)
            names.append(name)
    return tuple(names)


def men(start: int, count: int) -> list[str]:
    return list(_pool("m")[start : start + count])


def women(start: int, count: int) -> list[str]:
    return list(_pool("f")[start : start + count])


def people(start: int, count: int) -> list[str]:
    """`count` names, men and women in turn, from position `start` of each pool."""
    return [(_pool("m") if i % 2 else _pool("f"))[start + i // 2] for i in range(count)]
