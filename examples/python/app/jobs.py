from app.customerio_client import cio
from app.models import User


def import_users():
    """Nightly: copy every user into Customer.io."""
    for user in User.all():
        cio.identify(id=user.id, first_name=user.first_name, api_token=user.api_token)


def restore_email(person, email):
    """Support tool: put back the e-mail of a person looked up with the App API."""
    cio.identify(id=person["cio_id"], email=email)
