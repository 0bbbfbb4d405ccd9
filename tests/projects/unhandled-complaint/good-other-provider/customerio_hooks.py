from flask import request


@app.post("/customerio/reporting")
@verify_signature
def reporting():
    event = request.get_json()
    if event["metric"] in ("bounced", "dropped", "spammed"):  # ok: suppressed
        cio.suppress(event["data"]["customer_id"])
    return "", 200
