import { Router } from "express";
import { cio } from "../lib/customerio";

export const webhooks = Router();

// Customer.io reporting webhooks: keep our mailing list in sync.
webhooks.post("/webhooks/customerio", async (req, res) => {
  const { metric, data } = req.body;
  if (metric === "spammed" || metric === "bounced") {
    await cio.suppress(data.customer_id);
  }
  res.sendStatus(200);
});
