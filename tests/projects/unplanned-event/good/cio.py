import os

from customerio import CustomerIO, Regions

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"], region=Regions.US)
