from flask import request


@app.post("/customerio/webhook")
@verify_signature
def customerio_webhook():
    event = request.get_json()
    if event["metric"] == "spammed":  # ok: unsubscribed
        unsubscribe_everywhere(event["data"]["customer_id"])
    return "", 200
