from cio import cio


def complete(order):
    cio.track(order.user_id, "Order Completed", data={"total": order.total})  # expect: plan-missing-property


def complete_legacy(order):
    cio.track(customer_id=order.user_id, name="Order Completed", order_id=order.id)  # expect: plan-missing-property
