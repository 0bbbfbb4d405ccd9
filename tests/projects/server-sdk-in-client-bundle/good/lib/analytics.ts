"use server";

import { TrackClient } from "customerio-node";

// ok: a server action module; the client component calls it over the network
const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

export async function trackPlanViewed(userId: string, plan: string) {
  await cio.track(userId, { name: "plan_viewed", data: { plan } });
}
