import { Router } from "express";
import { SendEmailRequest } from "customerio-node";
import { api, logCioError } from "../lib/customerio";
import { db } from "../db";

export const receipts = Router();

// The template owns the sender, subject and body; the request only says who and what.
receipts.post("/orders/:id/receipt", async (req, res) => {
  const order = await db.orders.find(req.params.id);
  const request = new SendEmailRequest({
    transactional_message_id: "order_receipt",
    to: order.email,
    identifiers: { id: order.customerId },
    message_data: { order_id: order.id, total: order.total },
  });
  api.sendEmail(request).catch(logCioError);
  res.status(202).end();
});
