import os

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])


def sync(user, attrs):
    cio.identify(id=user.pk, **attrs)  # ok: attributes we cannot see


def notify(user):
    cio.track(user.email, "notified")  # ok: no uid identify is known to lack email
