import os

from customerio import CustomerIO

# ciolint-ignore-file: region-misplaced -- the client below used to pass the region positionally
cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])


def sync(user):
    cio.identify(id=user.id, plan=user.plan)  # ciolint-ignore: dynamic-event-name, not-a-rule -- old
