import os

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])


def digest_sent(user):
    cio.track(user.email, "digest_sent")  # ok: the uid identify in cio.ts sends email
