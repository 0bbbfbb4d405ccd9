import os

from customerio import APIClient, Regions, SendEmailRequest

# The transactional client: EU, like the rest of the project.
transactional = APIClient(os.environ["CIO_APP_KEY"], region=Regions.EU)

# A second client for the digest job was copied from the README: no region, so US.
digest_client = APIClient(os.environ["CIO_APP_KEY"])  # expect: region-inconsistent


def send_digest(user, items):
    request = SendEmailRequest(
        transactional_message_id="digest",
        to=user.email,
        identifiers={"id": str(user.pk)},
        message_data={"items": items},
    )
    return digest_client.send_email(request)
