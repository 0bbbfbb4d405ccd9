const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function signup(user) {
  await cio.identify(user.id, { created_at: new Date() });
  await cio.track(user.id, { name: "exported", timestamp: new Date(user.exportedAt) });
  await cio.identify(user.id, { renewed_at: new Date().toISOString() });
}

module.exports = { signup };
