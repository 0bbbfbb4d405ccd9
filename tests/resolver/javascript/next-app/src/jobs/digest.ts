import { trackEvent } from "@/lib/analytics";

export async function sendDigest(users: { id: string }[]) {
  await Promise.all(users.map((u) => trackEvent(u.id, "digest_sent"))); // expect: unthrottled-loop
}
