import express from "express";

export const router = express.Router();

router.post("/webhooks/customerio", verifySignature, async (req, res) => {
  const { metric, data } = req.body;
  switch (metric) {
    case "bounced": // ok: the address is marked invalid
      await users.markEmailInvalid(data.identifiers.id);
      break;
    case "spammed":
      await cio.suppress(data.identifiers.id);
      break;
  }
  res.sendStatus(200);
});
