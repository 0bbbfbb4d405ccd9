const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function trial(user) {
  await cio.track(user.id, { name: "trial_started" });
}

module.exports = { trial };
