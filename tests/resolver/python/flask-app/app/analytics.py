from app.clients.cio import track_client as cio


def identify_user(user_id, attributes):
    cio.identify(id=user_id, **attributes)


def track_event(customer_id, name, data=None):
    cio.track(customer_id=customer_id, name=name, data=data)
