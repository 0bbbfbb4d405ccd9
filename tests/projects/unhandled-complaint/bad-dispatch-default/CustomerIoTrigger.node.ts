import type { IWebhookFunctions, IWebhookResponseData } from "n8n-workflow";

export class CustomerIoTrigger {
  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const body = this.getBodyData() as { metric: string; data: { identifiers: { id: string } } };
    switch (body.metric) {
      case "opened":
        return { workflowData: [this.helpers.returnJsonArray(body)] };
      case "clicked":
        return { workflowData: [this.helpers.returnJsonArray(body)] };
      default: // expect: unhandled-bounce, unhandled-complaint
        console.log("ignored metric", body.metric);
        return {};
    }
  }
}
