from customerio import CustomerIO

cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def signed_up(user):
    cio.track(user.id, "Signed up")


def logged_in(user):
    cio.track(user.id, "Logged in")


def upgraded(user):
    cio.track(user.id, "plan_upgraded")  # expect: event-name-style
