from customerio import CustomerIO

# One snake_case name, one PascalCase name: a tie goes to snake_case.
cio = CustomerIO(site_id=SITE_ID, api_key=API_KEY)


def upgraded(user):
    cio.track(user.id, "PlanUpgraded")  # expect: event-name-style
