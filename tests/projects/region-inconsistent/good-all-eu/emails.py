import os

from customerio import APIClient, Regions

client = APIClient(os.environ["CIO_APP_KEY"], region=Regions.EU)  # ok: EU, like every other client
