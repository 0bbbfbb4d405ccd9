import os

from customerio import CustomerIO, Regions

# ok: the Python service (its own requirements.txt) talks to the EU workspace; the shop beside
# it is another application with its own Gemfile
cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"], region=Regions.EU)
