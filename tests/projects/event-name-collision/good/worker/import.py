from customerio import CustomerIO

cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def imported(user):
    cio.track(user.id, "user_signed_up")  # ok: the same spelling


def downgraded(user):
    cio.track(user.id, "plan_downgraded")  # ok: different words
