"use client";

import { trackPlanViewed } from "../../lib/analytics"; // expect: server-sdk-in-client-bundle

export function PlanCard({ userId, plan }: { userId: string; plan: string }) {
  return <div onMouseEnter={() => trackPlanViewed(userId, plan)}>{plan}</div>;
}
