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

module.exports = app;
