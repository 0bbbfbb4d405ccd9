from customerio import CustomerIO

cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def trial(user, plan):
    cio.track(user.id, f"trial-started-{plan}")


def reminder(user, day):
    cio.track(user.id, f"Trial Reminder {day}")  # expect: event-name-style
