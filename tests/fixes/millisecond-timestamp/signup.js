const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function signup(user) {
  await cio.identify(user.id, { email: user.email, created_at: Date.now() });
  await cio.track(user.id, { name: "signed_up", data: { paid_at: +new Date() } });
  await cio.identify(user.id, { trial_ends_at: Date.now() + 14 * 24 * 3600 * 1000 });
  await cio.identify(user.id, { first_seen_at: 1704067200000 });
}

module.exports = { signup };
