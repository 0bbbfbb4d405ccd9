from customerio import analytics


def refunded(user):
    analytics.track(user.id, "Order Refunded")


def shipped(user):
    analytics.track(user.id, "orderShipped")  # expect: event-name-style
