from customerio import CustomerIO

# Another project (its own requirements.txt, its own workspace): its spelling is its own.
cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def imported(user):
    cio.track(user.id, "UserSignedUp")  # ok: not compared with web's names
