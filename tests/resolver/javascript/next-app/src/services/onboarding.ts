import { identifyUser, trackEvent } from "@/lib/analytics";

export async function recordSignup(user: { id: string; email: string }) {
  await identifyUser(user.id, {
    email: user.email,
    created_at: Date.now(), // expect: millisecond-timestamp
  });
  await trackEvent(user.id, "signed_up");
}
