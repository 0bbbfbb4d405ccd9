from customerio import analytics

import os

analytics.write_key = os.environ["CIO_WRITE_KEY"]
analytics.host = "https://cdp-eu.customer.io"
