from customerio import analytics


def refunded(user):
    analytics.track(user.id, "Order Refunded")  # ok: the project's style


def deleted(user):
    analytics.track(user.id, "Delete Person")  # ok: reserved
