from cio import cio


def send_reset(user):
    cio.track(customer_id=user.id, name="password_reset_requested", link=user.reset_link)  # expect: unplanned-event


def welcome(user, trial):
    cio.track(user.id, "Signed up" if trial else "Signed Up", plan="free")  # expect: unplanned-event
