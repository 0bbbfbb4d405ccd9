import { TrackClient } from "customerio-node";

const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

export async function viewed(id: string, step: string) {
  await cio.track(id, { name: `web-paywall-${step}` });
}

export async function started(id: string) {
  await cio.track(id, { name: "checkout-started" });
}

export async function completed(id: string) {
  await cio.track(id, { name: "checkout_completed" }); // expect: event-name-style
}
