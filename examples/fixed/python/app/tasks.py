"""Background jobs: Customer.io calls never run inside a request."""
import time

from celery import shared_task

from app.customerio_client import cio


@shared_task
def identify_signup(user_id, email, plan):
    cio.identify(id=user_id, email=email, plan=plan, created_at=int(time.time()))
    cio.track(user_id, "user_signed_up", data={"plan": plan})


@shared_task
def touch_profile(user_id):
    cio.identify(id=user_id, last_seen_at=int(time.time()))
