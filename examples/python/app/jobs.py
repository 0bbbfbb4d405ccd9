from app.customerio_client import cio
from app.models import User


def import_users():
    """Nightly: copy every user into Customer.io."""
    for user in User.all():
        cio.identify(id=user.id, first_name=user.first_name, api_token=user.api_token)
