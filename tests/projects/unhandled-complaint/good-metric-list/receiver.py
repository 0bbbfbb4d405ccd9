from flask import request

SUPPRESS_METRICS = ("bounced", "dropped", "spammed")


@app.post("/customerio/reporting")
@verify_signature
def reporting():
    event = request.get_json()
    if event["metric"] in SUPPRESS_METRICS:  # ok: a list of the metrics, and it suppresses
        cio.suppress(event["data"]["customer_id"])
    elif event["metric"] == "opened":
        engagement.record(event["data"]["customer_id"])
    return "", 200
