import { sendBookingConfirmation } from "@/lib/customerio";
import { createMixpanelClient } from "@/lib/mixpanel";

export async function POST(req: Request) {
  const booking = await req.json();
  await sendBookingConfirmation(booking); // expect: blocking-analytics
  // ok: another vendor's client of the same shape
  await createMixpanelClient().identify(booking.customerEmail, { plan: booking.plan });
  return Response.json({ ok: true });
}
