const crypto = require("crypto");
const { cio } = require("./billing");

async function orderPlaced(user, order) {
  await cio.track(user.email, { name: "order_placed", data: { total: order.total } }); // expect: identity-split
}

async function newsletter(email) {
  const id = crypto.createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
  await cio.identify(id, { newsletter: true }); // expect: identity-split
}

async function subscribed(user) {
  await cio.track(user.id, { name: "subscribed" }); // ok: keyed by the same uid
}

module.exports = { orderPlaced, newsletter, subscribed };
