const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function emailChanged(user) {
  await cio.identify(user.id, { email: user.email }); // ok: this project sends email
}

module.exports = { emailChanged };
