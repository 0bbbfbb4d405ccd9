import { cio } from "./client";
import { trackEvent } from "./analytics";

export async function completeOrder(order: { id: string; userId: string; total: number }) {
  await cio.track(order.userId, {
    name: "Order Complete", // expect: unplanned-event
    data: { order_id: order.id, total: order.total },
  });
  await cio.track(order.userId, { name: "order_completed", data: { order_id: order.id, total: 1 } }); // expect: unplanned-event
  await trackEvent(order.userId, "Cart Viewd", { items: 2 }); // expect: unplanned-event
  await trackEvent(order.userId, "Cart Viewed", { items: 2 }); // ok: planned, through the wrapper
}
