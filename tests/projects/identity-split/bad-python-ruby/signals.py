import os

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])


def profile_updated(sender, instance, **kwargs):
    cio.identify(id=str(instance.pk), first_name=instance.first_name, plan=instance.plan)


def order_paid(order):
    cio.track(order.user.email.lower(), "order_paid", data={"total": order.total})  # expect: identity-split


def password_reset(user):
    cio.track(customer_id=user.email, name="password_reset")  # expect: identity-split


def logged_in(user):
    cio.track(str(user.pk), "logged_in")  # ok: keyed by the uid
