from flask import request


@app.post("/customerio/webhook")
@verify_signature
def customerio_webhook():
    event = request.get_json()
    if event["metric"] in ("bounced", "dropped"):  # ok: suppressed
        cio.suppress(event["data"]["customer_id"])
    return "", 200
