"use client";

import { trackPlanViewed } from "../../lib/analytics"; // ok: a server action

export function PlanCard({ userId, plan }: { userId: string; plan: string }) {
  return <div onMouseEnter={() => trackPlanViewed(userId, plan)}>{plan}</div>;
}
