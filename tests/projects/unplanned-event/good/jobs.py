from cio import cio


def welcome(user, trial):
    # ok: both branches are planned
    cio.track(user.id, "Signed Up" if trial else "Cart Viewed", plan="free")


def forward(user, name):
    # ok: the name is a parameter nobody in the project passes
    cio.track(user.id, name)
