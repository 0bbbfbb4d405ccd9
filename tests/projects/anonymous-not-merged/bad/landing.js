const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function viewedPricing(anonymousId) {
  await cio.trackAnonymous(anonymousId, { name: "pricing_viewed" });
}

async function signup(user) {
  await cio.identify(user.id, { email: user.email, created_at: user.createdAt }); // expect: anonymous-not-merged
}

module.exports = { viewedPricing, signup };
