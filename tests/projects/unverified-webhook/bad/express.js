const express = require("express");
const crypto = require("crypto");
const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);
const app = express();

app.post("/webhooks/customerio", async (req, res) => { // expect: unverified-webhook
  const { metric, data } = req.body;
  if (metric === "bounced" || metric === "spammed") {
    await cio.suppress(data.customer_id);
  }
  res.sendStatus(200);
});

app.post("/webhooks/cio-events", (req, res) => {
  const expected = crypto.createHmac("sha256", process.env.CIO_WEBHOOK_SIGNING_KEY).update(`v0:${req.get("X-CIO-Timestamp")}:${req.rawBody}`).digest("hex");
  if (expected !== req.get("X-CIO-Signature")) { // expect: unverified-webhook
    return res.sendStatus(401);
  }
  record(req.body.metric, req.body.delivery_id);
  res.sendStatus(200);
});

function verifySignature(req) {
  const expected = crypto.createHmac("sha256", process.env.CIO_WEBHOOK_SIGNING_KEY).update(`v0:${req.get("X-CIO-Timestamp")}:${req.rawBody}`).digest();
  const given = Buffer.from(req.get("X-CIO-Signature") || "", "hex");
  return given.length === expected.length && crypto.timingSafeEqual(expected, given);
}

app.post("/webhooks/cio-reporting", (req, res) => {
  const valid = verifySignature(req);
  if (!valid) { // expect: unverified-webhook
    console.warn("Customer.io webhook with a bad signature", req.get("X-CIO-Timestamp"));
  }
  record(req.body.metric, req.body.delivery_id);
  res.sendStatus(200);
});

function signatureMatches(body, signature) {
  const expected = crypto.createHmac("sha256", process.env.CIO_WEBHOOK_SIGNING_KEY).update(body).digest(); // expect: unverified-webhook
  return crypto.timingSafeEqual(expected, Buffer.from(signature || "", "hex"));
}

app.post("/webhooks/cio-delivery", (req, res) => {
  if (!signatureMatches(JSON.stringify(req.body), req.get("X-CIO-Signature"))) {
    return res.sendStatus(401);
  }
  record(req.body.metric, req.body.delivery_id);
  res.sendStatus(200);
});

module.exports = app;
