from cio import cio


def complete(order):
    # ok: every required property is sent
    cio.track(order.user_id, "Order Completed", data={"order_id": order.id, "total": order.total})


def complete_from(order, payload):
    # ok: the keys of **payload are not visible
    cio.track(order.user_id, "Order Completed", total=order.total, **payload)
