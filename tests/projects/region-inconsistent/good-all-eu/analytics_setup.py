import os

from customerio import analytics

analytics.host = "https://cdp-eu.customer.io"  # ok: set before the key, still EU
analytics.write_key = os.environ["CIO_WRITE_KEY"]
