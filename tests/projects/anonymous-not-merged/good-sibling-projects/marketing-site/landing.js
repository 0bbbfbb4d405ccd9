const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function viewedPricing(anonymousId) {
  await cio.trackAnonymous(anonymousId, { name: "pricing_viewed" }); // ok: this project never identifies
}

module.exports = { viewedPricing };
