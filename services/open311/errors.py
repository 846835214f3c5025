"""The specification's error answer: a list of {code, description}, with the HTTP status as the code."""

from __future__ import annotations


class Open311Error(Exception):
    def __init__(self, status: int, description: str, headers: dict | None = None):
        super().__init__(description)
        self.status = status
        self.description = str(description)
        self.headers = headers or {}

    def payload(self) -> list[dict]:
        return [{"code": self.status, "description": self.description}]
