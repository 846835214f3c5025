"""Demo meetings."""


def seed_meetings(ctx) -> None:
    pass
