import os

from customerio import APIClient, SendEmailRequest


class Notifier:
    def __init__(self):
        self.api = APIClient(os.environ["CIO_APP_API_KEY"])

    def send_welcome(self, email):
        request = SendEmailRequest(
            to=email,
            transactional_message_id="welcome",
            identifiers={"email": email},
        )
        return self.api.send_email(request)
