import { Router } from "express";
import { cio, newClient } from "../lib/customerio";
import { db } from "../db";

export const orders = Router();

orders.post("/orders", async (req, res) => {
  const order = await db.orders.create(req.user.id, req.body);

  cio.track(req.user.id, {
    name: `order_placed_${order.sku}`,
    data: { total: order.total, placed_at: order.createdAt.toISOString() },
  });

  res.status(201).json(order);
});

orders.post("/orders/:id/refund", async (req, res) => {
  const refund = await db.refunds.create(req.params.id);
  await newClient().track(req.user.id, { name: `refund_for_${req.user.email}` });
  res.json(refund);
});
