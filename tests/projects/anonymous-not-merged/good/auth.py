from customerio import CustomerIO

cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def login(user, anonymous_id):
    cio.identify(id=user.id, anonymous_id=anonymous_id)  # ok: merged


def register_user(user, attributes):
    cio.identify(id=user.id, **attributes)  # ok: attributes from a variable
