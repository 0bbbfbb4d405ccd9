const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function viewedPricing(anonymousId) {
  await cio.trackAnonymous(anonymousId, { name: "pricing_viewed" });
}

async function signup(user, anonymousId) {
  await cio.identify(user.id, { email: user.email, anonymous_id: anonymousId }); // ok: merged
}

async function timezone(user) {
  await cio.identify(user.id, { timezone: user.tz }); // ok: not a sign-up or log-in
}

module.exports = { viewedPricing, signup, timezone };
