from customerio import CustomerIO

cio = CustomerIO(site_id="x", api_key="y")


def plan_created(user):
    cio.track(customer_id=user.id, name="plan create")
    cio.track(customer_id=user.id, name="Plan Upgraded")  # expect: event-name-style
