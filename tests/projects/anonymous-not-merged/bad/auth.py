from customerio import CustomerIO

cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def login(user):
    cio.identify(id=user.id, last_login_at=int(time.time()))  # expect: anonymous-not-merged


def register_user(user):
    cio.identify(id=user.id, email=user.email)  # expect: anonymous-not-merged
