const { makeTrackClient } = require("../lib/cio");

async function onOrder(user, order) {
  const cio = makeTrackClient(); // ok: the same factory, counted once
  await cio.track(user.id, { name: "order_placed", data: { total: order.total } });
}

module.exports = { onOrder };
