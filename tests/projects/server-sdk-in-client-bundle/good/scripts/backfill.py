import os

from customerio import CustomerIO

# ok: a server-side script; nothing here is bundled
cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])


def backfill(plans):
    for user_id, plan in plans:
        cio.identify(id=user_id, plan=plan)
