const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function signup(user) {
  // A suppression without a reason is reported, but only its author can give the reason.
  // ciolint-ignore: millisecond-timestamp
  await cio.identify(user.id, { synced_at: Date.now() });
}

module.exports = { signup };
