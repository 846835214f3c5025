"""Demo data for Open311: two public service items of the demo community, one asking an extra question.

The demo's own items are personal matters (低保, 生育登记) whose requests stay private; these two are the kind
of thing a city hotline hands over, so the API has something to show. Running it again changes nothing.
"""

from __future__ import annotations

from services.models import ServiceItem
from services.open311.models import ServiceAttribute

PUBLIC_ITEMS = [
    ("公共设施报修", "路灯、楼道灯、健身器材、井盖等公共设施损坏的报修。", 3, 91),
    ("环境卫生", "垃圾清运不及时、楼道杂物堆放、绿地脏乱等环境问题。", 3, 92),
]
FACILITIES = "LAMP|路灯\nSTAIR|楼道灯\nFIT|健身器材\nCOVER|井盖"


def seed_open311(ctx) -> None:
    for name, summary, days, order in PUBLIC_ITEMS:
        item, _created = ServiceItem.objects.get_or_create(
            community=ctx.community,
            name=name,
            defaults={"summary": summary, "time_limit_days": days, "fee": "免费", "order": order, "public": True},
        )
        if name == "公共设施报修":
            ServiceAttribute.objects.get_or_create(
                item=item,
                code="FACILITY",
                defaults={
                    "datatype": ServiceAttribute.Datatype.SINGLE,
                    "required": True,
                    "description": "哪一类设施？",
                    "values": FACILITIES,
                },
            )
