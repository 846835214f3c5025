"""Blocks of the home page contributed by other apps (the latest notices …).

An app registers a block in its AppConfig.ready(); the home page shows each
block whose context is not empty, so portal needs no knowledge of the apps.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeBlock:
    key: str
    template: str  # rendered with the computed context as `block`
    compute: Callable[[HttpRequest], dict]
    order: int = 50


_blocks: dict[str, HomeBlock] = {}


def register_home_block(block: HomeBlock) -> None:
    _blocks[block.key] = block


def home_blocks(request: HttpRequest) -> list[tuple[HomeBlock, dict]]:
    blocks = sorted(_blocks.values(), key=lambda b: (b.order, b.key))
    return [(block, data) for block in blocks if (data := block.compute(request))]
