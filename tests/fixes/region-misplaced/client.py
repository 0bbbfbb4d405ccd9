import os

import customerio
from customerio import APIClient, CustomerIO, Regions

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"], Regions.EU)
api = APIClient(os.environ["CIO_APP_KEY"], Regions.EU)
legacy = customerio.CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"], customerio.Regions.EU)
