import { Router } from "express";
import { cio, logCioError } from "../lib/customerio";
import { db } from "../db";

export const orders = Router();

orders.post("/orders", async (req, res) => {
  const order = await db.orders.create(req.user.id, req.body);

  cio
    .track(req.user.id, {
      name: "order_placed",
      data: {
        sku: order.sku,
        total: order.total,
        placed_at: Math.floor(order.createdAt.getTime() / 1000),
      },
    })
    .catch(logCioError);

  res.status(201).json(order);
});

orders.post("/orders/:id/refund", async (req, res) => {
  const refund = await db.refunds.create(req.params.id);
  cio.track(req.user.id, { name: "refund_issued", data: { order_id: req.params.id } }).catch(logCioError);
  res.json(refund);
});
