from customerio import CustomerIO

cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def logged_in(user):
    cio.track(user.id, "Logged in")  # ok: Sentence case


def trial(user):
    cio.track(user.id, "Trial started")  # ok: Sentence case
