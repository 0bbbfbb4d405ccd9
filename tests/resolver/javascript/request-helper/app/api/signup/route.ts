import { identifyMember, trackMemberEvent } from "@/lib/customerio";
import { trackMixpanel } from "@/lib/mixpanel";

export async function POST(req: Request) {
  const body = await req.json();
  await identifyMember(body.email, { // expect: blocking-analytics mutable-customer-id
    email: body.email,
    created_at: new Date().toISOString(), // expect: non-unix-timestamp
  });
  await trackMemberEvent(body.userId, "signed_up", { plan: body.plan }).catch(() => {}); // expect: blocking-analytics
  await trackMixpanel(body.email, "Signed Up"); // ok: Mixpanel
  return Response.json({ ok: true });
}
