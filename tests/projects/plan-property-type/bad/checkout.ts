import { cio } from "./client";
import { recordOrder } from "./analytics";

export async function completeOrder(order: { id: string; userId: string; total: number }) {
  await cio.track(order.userId, {
    name: "Order Completed",
    data: { order_id: order.id, total: "12.50" }, // expect: plan-property-type
  });
  await cio.track(order.userId, { name: "Order Completed", data: { order_id: 42, total: 1 } }); // expect: plan-property-type
  await recordOrder(order.userId, { order_id: order.id, total: String(order.total) }); // expect: plan-property-type
  await cio.identify(order.userId, { email: "a@example.com", created_at: Date.now() }); // expect: plan-property-type
}
