import os

from customerio import CustomerIO, Regions


def make_track_client():
    return CustomerIO(
        site_id=os.environ["CIO_SITE_ID"],
        api_key=os.environ["CIO_API_KEY"],
        region=Regions.US,
    )


track_client = make_track_client()
