const { TrackClient } = require("customerio-node");

const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function digestSent(user, count) {
  await cio.track(user.id, { name: "digest_sent", data: { count } });
}

module.exports = { digestSent };
