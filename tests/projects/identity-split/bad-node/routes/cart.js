const express = require("express");
const { sendEvent } = require("../lib/events");

const router = express.Router();

router.get("/cart", (req, res) => {
  sendEvent(req.user.email, "cart_viewed").catch(() => {}); // expect: identity-split
  sendEvent(req.user.id, "cart_opened").catch(() => {}); // ok: keyed by the uid
  res.json(req.session.cart);
});

module.exports = router;
