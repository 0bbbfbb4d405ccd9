from customerio import CustomerIO

# The project's one event: nothing to be inconsistent with.
cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def signup(user):
    cio.track(user.id, "UserSignedUp")  # ok: the only event name in the project
