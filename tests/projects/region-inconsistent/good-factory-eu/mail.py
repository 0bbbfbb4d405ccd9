import os

from customerio import APIClient, Regions

api = APIClient(os.environ["CIO_APP_KEY"], region=Regions.EU)  # ok: EU as well
