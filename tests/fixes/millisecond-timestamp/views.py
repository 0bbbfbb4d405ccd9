import os
import time
from datetime import datetime

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])


def signup(user):
    cio.identify(id=user.id, email=user.email, created_at=int(time.time() * 1000))
    cio.identify(id=user.id, renewed_at=int(datetime.now().timestamp() * 1000))
    cio.identify(id=user.id, last_seen_at=time.time_ns() // 1_000_000)
