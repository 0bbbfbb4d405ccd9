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


def check_signature(secret, signature, timestamp, body):
    mac = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
    return hmac.compare_digest(mac.hexdigest(), signature or ""), None


@app.post("/customerio/reporting")
def customerio_reporting():
    is_valid, error = check_signature(
        os.environ["CIO_WEBHOOK_SIGNING_KEY"],
        request.headers.get("X-CIO-Signature"),
        request.headers.get("X-CIO-Timestamp"),
        request.get_data(),
    )
    if not is_valid:  # expect: unverified-webhook
        app.logger.error("invalid Customer.io signature: %s", error)
        # return "", 401
    event = request.get_json()
    record(event["metric"], event["delivery_id"])
    return "", 200


@app.post("/customerio/deliveries")
def customerio_deliveries():
    digest = hmac.new(os.environ["CIO_WEBHOOK_SIGNING_KEY"].encode(), request.get_data(), hashlib.sha256).hexdigest()  # expect: unverified-webhook
    if not hmac.compare_digest(digest, request.headers.get("X-CIO-Signature", "")):
        return "", 401
    record(request.json["metric"], request.json["delivery_id"])
    return "", 200
