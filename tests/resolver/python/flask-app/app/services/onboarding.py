import time

from customerio import CustomerIO

from app.analytics import identify_user, track_event


class OnboardingService:
    def __init__(self, client: CustomerIO):
        self.client = client

    def record_signup(self, user):
        identify_user(
            user.id,
            {
                "email": user.email,
                "created_at": int(time.time() * 1000),  # expect: millisecond-timestamp
            },
        )
        track_event(user.id, "signed_up")

    def change_plan(self, user, plan):
        self.client.identify(id=user.id, plan=plan)
