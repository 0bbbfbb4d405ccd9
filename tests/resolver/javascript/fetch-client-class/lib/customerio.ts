// A home-grown Track/App API client: the base URLs live in fields, every method goes
// through one fetch helper whose URL the caller builds.
export class CustomerIOClient {
  private trackApiUrl = "https://track.customer.io/api/v1";
  private appApiUrl = "https://api.customer.io/v1";

  private async request(url: string, method: "GET" | "POST" | "PUT" | "DELETE", data?: unknown) {
    const response = await fetch(url, {
      method,
      headers: { Authorization: `Basic ${process.env.CUSTOMERIO_BASIC_AUTH}`, "Content-Type": "application/json" },
      body: data ? JSON.stringify(data) : undefined,
    });
    if (!response.ok) throw new Error(`Customer.io API error: ${response.status}`);
    return response.status === 204 ? { success: true } : response.json();
  }

  async identify(customerId: string, attributes: { email: string; [key: string]: unknown }) {
    return this.request(`${this.trackApiUrl}/customers/${customerId}`, "PUT", attributes);
  }

  async track(customerId: string, eventName: string, data?: Record<string, unknown>) {
    return this.request(`${this.trackApiUrl}/customers/${customerId}/events`, "POST", {
      name: eventName,
      data: data || {},
    });
  }

  async customerAttributes(customerId: string) {
    return this.request(`${this.appApiUrl}/customers/${customerId}/attributes`, "GET");
  }
}

export function createCustomerIOClient(): CustomerIOClient {
  return new CustomerIOClient();
}

export async function sendBookingConfirmation(booking: { userId: string; customerEmail: string; service: string }) {
  const client = createCustomerIOClient();
  await client.identify(booking.customerEmail, { email: booking.customerEmail }); // expect: mutable-customer-id
  await client.track(booking.userId, "booking_created", { service: booking.service });
}

export async function importCustomers(customers: Array<{ id: string; email: string }>) {
  const client = createCustomerIOClient();
  await Promise.allSettled(customers.map((c) => client.identify(c.id, { email: c.email }))); // expect: unthrottled-loop
}
