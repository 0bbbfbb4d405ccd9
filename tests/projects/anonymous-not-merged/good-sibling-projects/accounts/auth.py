from customerio import CustomerIO

# Another project (its own pyproject.toml) that never tracks anonymously.
cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def login(user):
    cio.identify(id=user.id, last_login_at=int(time.time()))  # ok: nothing anonymous to merge here


def register_user(user):
    cio.identify(id=user.id, email=user.email)  # ok: nothing anonymous to merge here
