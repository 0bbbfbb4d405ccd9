"""Customer.io clients shared by the Flask app and the nightly jobs."""
import os

from customerio import CustomerIO, APIClient, Regions

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_TRACK_API_KEY"], Regions.EU)
api = APIClient(os.environ.get("CIO_APP_KEY", "20436c6351668b25a74a2c289a639d3f"))
