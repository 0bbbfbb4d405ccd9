import { trackEvent } from "@/lib/analytics";

export async function sendDigest(users: { id: string }[]) {
  await Promise.all(users.map((u) => trackEvent(u.id, "digest_sent"))); // expect: unthrottled-loop
}

async function remind(user: { id: string }) {
  await trackEvent(user.id, "reminder_sent");
}

export async function sendReminders(users: { id: string }[]) {
  await Promise.all(users.map(remind)); // expect: unthrottled-loop
}
