import hashlib
import hmac
import os

from flask import Flask, request

app = Flask(__name__)


@app.post("/customerio/webhook")
def customerio_webhook():  # expect: unverified-webhook
    event = request.get_json()
    if event["metric"] in ("bounced", "spammed"):
        suppress(event["data"]["customer_id"], event["event_id"])
    return "", 200


@app.post("/cio/hooks")
def cio_hooks():
    key = os.environ.get("CIO_WEBHOOK_SIGNING_KEY")
    if key:  # expect: unverified-webhook
        digest = hmac.new(key.encode(), b"v0:" + request.headers["X-CIO-Timestamp"].encode() + b":" + request.get_data(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(digest, request.headers["X-CIO-Signature"]):
            return "", 401
    record(request.json["metric"], request.json["delivery_id"])
    return "", 200


@app.post("/customerio/events")
def customerio_events():
    if request.args.get("token") != os.environ["CIO_WEBHOOK_TOKEN"]:  # expect: unverified-webhook
        return "", 403
    record(request.json["metric"], request.json["object_type"])
    return "", 200
