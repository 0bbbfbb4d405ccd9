import os

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])  # ok: customerio 3 is the latest major
