import { APIClient, SendEmailRequest } from "customerio-node";

export class Notifier {
  private api: APIClient;

  constructor() {
    this.api = new APIClient(process.env.CIO_APP_API_KEY!);
  }

  async welcome(email: string) {
    const request = new SendEmailRequest({
      to: email,
      transactional_message_id: "welcome",
      identifiers: { email },
    });
    return this.api.sendEmail(request);
  }
}
