import hashlib
import hmac
import os

from flask import Flask, request

app = Flask(__name__)


def verify_cio_signature(req):
    key = os.environ["CIO_WEBHOOK_SIGNING_KEY"].encode()
    signed = b"v0:" + req.headers["X-CIO-Timestamp"].encode() + b":" + req.get_data()
    digest = hmac.new(key, signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(digest, req.headers.get("X-CIO-Signature", ""))


@app.post("/customerio/webhook")
def customerio_webhook():  # ok: verified through a helper
    if not verify_cio_signature(request):
        return "", 401
    event = request.get_json()
    record(event["metric"], event["event_id"])
    return "", 200


@app.post("/orders")
def orders():  # ok: not a reporting webhook
    create_order(request.json["sku"])
    return "", 201


@app.post("/customerio/reporting")
def customerio_reporting():  # ok: a failed check is logged, then rejected
    is_valid = verify_cio_signature(request)
    if not is_valid:
        app.logger.error("invalid Customer.io signature")
        return "", 401
    event = request.get_json()
    record(event["metric"], event["delivery_id"])
    return "", 200
