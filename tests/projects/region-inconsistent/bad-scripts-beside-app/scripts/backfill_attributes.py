"""One-off backfill kept in the app's repository, with no manifest of its own."""
import os

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_TRACK_KEY"])  # expect: region-inconsistent


def backfill(rows):
    for row in rows:
        cio.identify(id=row["id"], plan=row["plan"])
