from cio import cio


def upgrade(user):
    cio.track(user.id, "Signed Up", plan="enterprise")  # expect: plan-property-type


def mark_admin(user):
    cio.identify(id=user.id, is_admin="yes")  # expect: plan-property-type
