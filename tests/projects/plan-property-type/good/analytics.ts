import { cio } from "./client";

// The event name is the caller's: each call site is judged with its own.
export async function trackEvent(userId: string, name: string, data: Record<string, unknown>) {
  await cio.track(userId, { name, data });
}

// The event is this wrapper's; the data is the caller's.
export async function recordOrder(userId: string, data: Record<string, unknown>) {
  await cio.track(userId, { name: "Order Completed", data });
}
