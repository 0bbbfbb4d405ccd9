import os

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])


def sync(user):
    cio.identify(id=user.id, email=user.email, plan=user.plan)  # ok: carries email


def reminder(user):
    cio.track(user.email, "reminder_sent")  # ok: the e-mail profile gets the uid from sync()
