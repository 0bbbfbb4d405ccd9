from django.conf import settings

from customerio import CustomerIO

# ok: the region is read from settings at run time
cio = CustomerIO(settings.CIO_SITE_ID, settings.CIO_API_KEY, region=settings.CIO_REGION)
