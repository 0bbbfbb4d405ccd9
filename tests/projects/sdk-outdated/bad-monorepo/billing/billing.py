import os

from customerio import CustomerIO

cio = CustomerIO(os.environ["CIO_SITE_ID"], os.environ["CIO_API_KEY"])


def invoice_paid(invoice):
    cio.track(invoice.user_id, "invoice_paid", amount=invoice.amount)
