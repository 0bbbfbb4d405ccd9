from concurrent.futures import ThreadPoolExecutor

from flask import Flask, request

from app import analytics
from app.clients import track_client
from app.lookalikes import track_mixpanel, track_segment
from app.metrics import TrackClient
from app.services.notifier import Notifier
from app.services.onboarding import OnboardingService
from app.tasks import send_digest

app = Flask(__name__)
executor = ThreadPoolExecutor(max_workers=4)
onboarding = OnboardingService(track_client)


@app.route("/signup", methods=["POST"])
def signup():
    user = create_user(request.json)
    onboarding.record_signup(user)  # expect: blocking-analytics
    track_segment(user.email, "Signed Up")  # ok: Segment, not Customer.io
    track_mixpanel(user.email, "Signed Up")  # ok: Mixpanel, not Customer.io
    TrackClient("signup").track(user.email, "Signed Up")  # ok: a project class
    notifier = Notifier()  # expect: client-per-request
    notifier.send_welcome(user.email)  # expect: blocking-analytics
    return {"id": user.id}, 201


@app.post("/plan")
def change_plan():
    user = current_user()
    onboarding.change_plan(user, request.json["plan"])  # expect: blocking-analytics
    return {"ok": True}


@app.post("/invite")
def invite():
    executor.submit(send_invites, request.json["emails"])  # ok: handed to a thread pool
    return "", 202


def send_invites(emails):
    for email in emails:
        analytics.track_event(email, "invited")  # expect: mutable-customer-id unthrottled-loop


@app.post("/digest")
def digest():
    send_digest.delay(request.json["user_ids"])  # ok: a Celery job
    return "", 202


@app.post("/event")
def event():
    user = current_user()
    executor.submit(analytics.track_event, user.id, f"clicked_{request.json['button']}")  # expect: dynamic-event-name
    executor.submit(analytics.track_event, user.id, request.json["event"])  # ok: a variable, not a built name
    return "", 204
