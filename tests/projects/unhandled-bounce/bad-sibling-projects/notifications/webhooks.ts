import express from "express";

// Another project (its own package.json): mailer's bounce handling does not cover it.
export const router = express.Router();

router.post("/webhooks/customerio", verifySignature, (req, res) => { // expect: unhandled-bounce
  const { metric, data } = req.body;
  if (metric === "delivered") {
    markDelivered(data.delivery_id);
  }
  res.sendStatus(200);
});
