const { makeTrackClient } = require("../lib/cio");

async function onRefund(user, refund) {
  const cio = makeTrackClient(); // ok: the same factory, counted once
  await cio.track(user.id, { name: "order_refunded", data: { amount: refund.amount } });
}

module.exports = { onRefund };
