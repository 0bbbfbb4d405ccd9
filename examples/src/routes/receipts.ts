import { Router } from "express";
import { SendEmailRequest } from "customerio-node";
import { api } from "../lib/customerio";
import { db } from "../db";

export const receipts = Router();

receipts.post("/orders/:id/receipt", async (req, res) => {
  const order = await db.orders.find(req.params.id);
  const request = new SendEmailRequest({
    transactional_message_id: "order_receipt",
    to: order.email,
    identifiers: { id: order.customerId, email: order.email },
    subject: req.body.subject ?? "",
    message_data: { order_id: order.id, total: order.total },
  });
  api.sendEmail(request).catch((err) => console.warn("receipt not sent", err));
  res.status(202).end();
});
