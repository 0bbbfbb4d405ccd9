const { TrackClient } = require("customerio-node");

const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function planChanged(user) {
  await cio.identify(user.id, { email: user.email, plan: user.plan }); // ok: the uid identify sends email, so Customer.io links the two
}

async function orderPlaced(user, order) {
  await cio.track(user.email, { name: "order_placed", data: { total: order.total } }); // ok: identity-split is silent (mutable-customer-id still applies)
}

module.exports = { planChanged, orderPlaced };
