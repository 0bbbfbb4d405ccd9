import { cio } from "./client";
import { trackEvent } from "./analytics";

export async function completeOrder(order: { id: string; userId: string; total: number }, page: string) {
  // ok: planned
  await cio.track(order.userId, { name: "Order Completed", data: { order_id: order.id, total: order.total } });
  // ok: a computed name cannot be compared with the plan (dynamic-event-name reports it)
  await cio.track(order.userId, { name: `viewed_${page}` });
  // ok: planned, through the wrapper
  await trackEvent(order.userId, "Cart Viewed", { items: 2 });
  // ok: identify sends no event
  await cio.identify(order.userId, { email: "a@example.com" });
}
