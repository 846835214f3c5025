def seed_desk(ctx):
    pass
