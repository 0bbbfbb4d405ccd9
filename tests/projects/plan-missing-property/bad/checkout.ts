import { cio } from "./client";
import { recordOrder } from "./analytics";

export async function completeOrder(order: { id: string; userId: string; total: number }) {
  await cio.track(order.userId, { name: "Order Completed", data: { total: order.total } }); // expect: plan-missing-property
  await cio.track(order.userId, { name: "Order Completed" }); // expect: plan-missing-property
  await recordOrder(order.userId, { total: 3 }); // expect: plan-missing-property
}
