import os

from customerio import CustomerIO, Regions

# ok: the Python service talks to the EU workspace; the shop beside it is another application
cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"], region=Regions.EU)
