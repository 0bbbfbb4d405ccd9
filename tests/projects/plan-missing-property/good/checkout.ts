import { cio } from "./client";
import { recordOrder } from "./analytics";

export async function completeOrder(order: { id: string; userId: string; total: number }, extra: object) {
  // ok: every required property is sent
  await cio.track(order.userId, { name: "Order Completed", data: { order_id: order.id, total: order.total } });
  // ok: a spread may carry the missing property
  await cio.track(order.userId, { name: "Order Completed", data: { total: order.total, ...extra } });
  // ok: the data is a variable the code does not show
  await recordOrder(order.userId, extra as Record<string, unknown>);
  // ok: through the wrapper, complete
  await recordOrder(order.userId, { order_id: order.id, total: 3 });
  // ok: no property of Signed Up is required
  await cio.track(order.userId, { name: "Signed Up" });
}
