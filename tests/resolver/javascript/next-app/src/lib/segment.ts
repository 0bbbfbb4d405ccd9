import { Analytics } from "@segment/analytics-node";

const analytics = new Analytics({ writeKey: process.env.SEGMENT_WRITE_KEY! });

export async function trackSegment(userId: string, event: string) {
  analytics.track({ userId, event });
}
