from customerio import CustomerIO

cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def imported(user):
    cio.track(user.id, "user-signed-up")  # expect: event-name-collision


def backfilled(user):
    cio.track(user.id, "user_signedup")  # expect: event-name-collision
