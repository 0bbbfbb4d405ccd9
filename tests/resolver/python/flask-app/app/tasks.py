from celery import shared_task

from app.analytics import track_event
from app.metrics import TrackClient


@shared_task
def send_digest(user_ids):
    for user_id in user_ids:
        track_event(user_id, "digest_sent")  # expect: unthrottled-loop
    for user_id in user_ids:
        TrackClient("digest").track(user_id, "digest_sent")  # ok: a project class
