"""Reading the text messages a test made: the outbox is swept (as cron would) into the local-memory backend."""

from portal import outbox, sms


def delivered() -> list[sms.Message]:
    outbox.sweep()
    return list(sms.outbox)


def to(phone: str) -> list[sms.Message]:
    return [m for m in delivered() if m.phone == phone]


def last_code(phone: str) -> str:
    codes = [m.params["code"] for m in to(phone) if m.template == "code"]
    assert codes, f"no code was sent to {phone}"
    return codes[-1]
