import os

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])


def backfill(user):
    # Same event, another call site in another language: renamed together.
    cio.track(user.id, "UserSignedUp")
    cio.track(user.id, 'order_completed')
