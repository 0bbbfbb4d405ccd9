import customerio
from django.conf import settings


class CustomerIOClient:
    """Builds its own Customer.io client: one per instance."""

    def __init__(self):
        self.client = customerio.CustomerIO(
            settings.CUSTOMERIO_SITE_ID, settings.CUSTOMERIO_API_KEY
        )

    def send_lead(self, lead):
        self._identify(lead.leadid, email=lead.email, first_name=lead.first_name)

    def _identify(self, customer_id, **attributes):
        self.client.identify(id=customer_id, **attributes)

    def send_lead_event(self, lead, event):
        self.client.track(customer_id=lead.leadid, name=event)
