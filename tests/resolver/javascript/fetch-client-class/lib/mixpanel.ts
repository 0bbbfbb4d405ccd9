// Same shape, another vendor: silent.
export class MixpanelClient {
  private apiUrl = "https://api.mixpanel.com";

  private async request(url: string, method: "GET" | "POST", data?: unknown) {
    const response = await fetch(url, { method, body: data ? JSON.stringify(data) : undefined });
    return response.json();
  }

  async identify(distinctId: string, props: Record<string, unknown>) {
    return this.request(`${this.apiUrl}/engage#profile-set`, "POST", { $distinct_id: distinctId, $set: props });
  }
}

export function createMixpanelClient(): MixpanelClient {
  return new MixpanelClient();
}
