import time

from cio import cio


def upgrade(user):
    # ok: a value the enum lists
    cio.track(user.id, "Signed Up", plan="pro")


def touch(user):
    # ok: int(time.time()) is unix seconds
    cio.identify(id=user.id, created_at=int(time.time()), is_admin=False)
