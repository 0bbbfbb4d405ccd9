import asyncio
import os
from functools import lru_cache

import customerio


@lru_cache(maxsize=1)
def _get_cio():
    return customerio.CustomerIO(
        site_id=os.environ["CIO_SITE_ID"], api_key=os.environ["CIO_API_KEY"]
    )


async def track(user_id, event_name, **data):
    cio = _get_cio()

    def _sync():
        cio.track(customer_id=str(user_id), name=event_name, **data)

    await asyncio.get_event_loop().run_in_executor(None, _sync)


async def identify(user_id, **attributes):
    cio = _get_cio()

    def _sync():
        cio.identify(id=str(user_id), **attributes)

    await asyncio.get_event_loop().run_in_executor(None, _sync)
