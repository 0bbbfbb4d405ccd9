import crypto from "node:crypto";
import express, { Router } from "express";
import { cio, logCioError } from "../lib/customerio";

export const webhooks = Router();

function verifySignature(req: express.Request & { rawBody: Buffer }): boolean {
  const timestamp = req.header("X-CIO-Timestamp") ?? "";
  const signature = req.header("X-CIO-Signature") ?? "";
  const expected = crypto
    .createHmac("sha256", process.env.CIO_WEBHOOK_SIGNING_KEY!)
    .update(`v0:${timestamp}:${req.rawBody.toString("utf8")}`)
    .digest("hex");
  return (
    signature.length === expected.length &&
    crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
  );
}

// Customer.io reporting webhooks: keep our mailing list in sync.
webhooks.post("/webhooks/customerio", async (req, res) => {
  if (!verifySignature(req as express.Request & { rawBody: Buffer })) {
    res.sendStatus(401);
    return;
  }
  res.sendStatus(200);
  const { metric, data } = req.body;
  if (metric === "spammed" || metric === "bounced") {
    await cio.suppress(data.customer_id).catch(logCioError);
  }
});
