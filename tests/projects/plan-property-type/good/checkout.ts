import { cio } from "./client";
import { recordOrder } from "./analytics";

export async function completeOrder(order: { id: string; userId: string; total: number; note: string }) {
  // ok: literal values of the planned types
  await cio.track(order.userId, { name: "Order Completed", data: { order_id: "o-1", total: 12.5 } });
  // ok: the code does not show these values' types
  await cio.track(order.userId, { name: "Order Completed", data: { order_id: order.id, total: order.total } });
  // ok: a property the plan does not list is left to `plan diff`
  await recordOrder(order.userId, { order_id: order.id, total: 3, note: 7 });
  // ok: unix seconds
  await cio.identify(order.userId, { email: "a@example.com", created_at: Math.floor(Date.now() / 1000) });
  // ok: an unplanned event is unplanned-event's to report
  await cio.track(order.userId, { name: "Refund Issued", data: { total: "12.50" } });
}
