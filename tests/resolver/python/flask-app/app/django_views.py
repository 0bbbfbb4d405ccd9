from django.shortcuts import redirect

from app.models import Lead
from app.services.leads import CustomerIOClient


def approve_lead(request, lead_id):
    lead = Lead.objects.get(pk=lead_id)
    customerio_client = CustomerIOClient()  # expect: client-per-request
    customerio_client.send_lead(lead)  # expect: blocking-analytics
    customerio_client.send_lead_event(lead, "lead_approved")  # expect: blocking-analytics
    return redirect("leads")


def sync_delivered(leads):
    for lead in leads:
        CustomerIOClient().send_lead_event(lead, "delivered")  # expect: client-per-request unthrottled-loop
