import { TrackClient } from "customerio-node";

const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

export function trackPlanViewed(userId: string, plan: string) {
  return cio.track(userId, { name: "plan_viewed", data: { plan } });
}
