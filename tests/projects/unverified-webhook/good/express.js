const express = require("express");
const crypto = require("crypto");
const app = express();

function verifyCioSignature(req, res, next) {
  const expected = crypto.createHmac("sha256", process.env.CIO_WEBHOOK_SIGNING_KEY)
    .update(`v0:${req.get("X-CIO-Timestamp")}:${req.rawBody}`)
    .digest("hex");
  const given = Buffer.from(req.get("X-CIO-Signature") || "");
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, Buffer.from(expected))) {
    return res.sendStatus(401);
  }
  next();
}

// ok: verified by the route's middleware
app.post("/webhooks/customerio", verifyCioSignature, (req, res) => {
  record(req.body.metric, req.body.delivery_id);
  res.sendStatus(200);
});

function signatureIsValid(req) {
  const expected = crypto.createHmac("sha256", process.env.CIO_WEBHOOK_SIGNING_KEY).update(`v0:${req.get("X-CIO-Timestamp")}:${req.rawBody}`).digest();
  const given = Buffer.from(req.get("X-CIO-Signature") || "", "hex");
  return given.length === expected.length && crypto.timingSafeEqual(expected, given);
}

// ok: a failed check is logged, then rejected
app.post("/webhooks/cio-reporting", (req, res) => {
  const valid = signatureIsValid(req);
  if (!valid) {
    console.warn("Customer.io webhook with a bad signature");
    return res.status(401).end();
  }
  record(req.body.metric, req.body.delivery_id);
  res.sendStatus(200);
});

module.exports = app;
