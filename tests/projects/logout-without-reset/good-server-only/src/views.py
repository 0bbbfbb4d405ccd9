from customerio import CustomerIO
from django.contrib.auth import logout as django_logout

cio = CustomerIO(site_id="", api_key="")


def logout(request):  # ok: a server view; only a device SDK has an identity to reset
    cio.track(customer_id=request.user.id, name="logged_out")
    django_logout(request)
