import express from "express";

export const router = express.Router();

router.post("/webhooks/customerio", verifySignature, async (req, res) => {
  const { metric, data } = req.body;
  switch (metric) {
    case "opened":
      await engagement.recordOpen(data.identifiers.id);
      break;
    default: // ok: every other metric, bounces included, is stored on the person
      await deliveries.record(data.identifiers.id, metric, data.delivery_id);
  }
  res.sendStatus(200);
});
