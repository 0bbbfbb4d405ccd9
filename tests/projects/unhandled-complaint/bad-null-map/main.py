import logging

from fastapi import FastAPI, Request

app = FastAPI()
logger = logging.getLogger(__name__)

CIO_METRIC_MAP = {
    "opened": "email_opened",
    "clicked": "email_link_clicked",
    "delivered": None,
    "bounced": None,  # expect: unhandled-bounce
    "spammed": None,  # expect: unhandled-complaint
}


@app.post("/webhook/customerio")
async def customerio_webhook(request: Request):
    body = await request.json()
    verify_signature(request, body)
    event_type = CIO_METRIC_MAP.get(body["metric"])
    if not event_type:
        logger.info("ignoring metric %s", body["metric"])
        return {"ok": True}
    await scoring.add(body["data"]["identifiers"]["id"], event_type)
    return {"ok": True}
