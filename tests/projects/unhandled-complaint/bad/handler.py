from flask import request


@app.post("/customerio/webhook")
@verify_signature
def customerio_webhook():
    event = request.get_json()
    if event["metric"] == "spammed":  # expect: unhandled-complaint
        print("complaint", event["event_id"])
    elif event["metric"] == "bounced":
        mark_invalid(event["data"]["customer_id"])
    return "", 200
