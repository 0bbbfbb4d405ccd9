import os

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])  # ok: an unpinned requirement says nothing about the version
