const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

// The value comes through a variable: reported, but the fix belongs where it is computed.
async function purchase(user) {
  const now = new Date().getTime();
  await cio.track(user.id, { name: "order_placed", timestamp: now });
}

module.exports = { purchase };
