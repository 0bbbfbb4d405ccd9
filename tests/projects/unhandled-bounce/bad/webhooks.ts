import express from "express";

export const router = express.Router();

router.post("/webhooks/customerio", verifySignature, (req, res) => {
  const { metric, data } = req.body;
  switch (metric) {
    case "bounced": // expect: unhandled-bounce
      console.warn("bounce", data.email_address);
      break;
    case "delivered":
      markDelivered(data.delivery_id);
      break;
  }
  res.sendStatus(200);
});
