"""Customer.io clients shared by the Flask app and the nightly jobs."""
import os

from customerio import CustomerIO, APIClient, Regions

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_TRACK_API_KEY"], region=Regions.EU)
api = APIClient(os.environ["CIO_APP_KEY"], region=Regions.EU)
