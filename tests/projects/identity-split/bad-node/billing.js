const { TrackClient } = require("customerio-node");

const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function planChanged(user) {
  await cio.identify(user.id, { plan: user.plan, seats: user.seats });
}

module.exports = { planChanged, cio };
