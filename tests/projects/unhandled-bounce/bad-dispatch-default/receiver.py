import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.post("/hooks/reporting")
def reporting_hook():
    verify_cio_signature(request)
    event = request.get_json()
    metric = event["metric"]
    person = event["data"]["identifiers"]["id"]
    if metric == "opened":
        engagement.record_open(person)
    elif metric == "converted":
        engagement.record_conversion(person)
    else:  # expect: unhandled-bounce, unhandled-complaint
        logger.info("skipping %s for %s", metric, person)
    return "", 204
