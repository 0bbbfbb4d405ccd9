const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function timezoneChanged(user) {
  await cio.identify(user.id, { timezone: user.tz });
}

module.exports = { timezoneChanged };
