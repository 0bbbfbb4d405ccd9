const { TrackClient } = require("customerio-node");

const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function sync(user) {
  await cio.identify(user.id, serializeProfile(user)); // ok: attributes we cannot see may carry email
}

async function identify(userId, attributes) {
  await cio.identify(userId, { ...attributes }); // ok: a wrapper's own parameter
}

async function reminder(user) {
  await cio.track(user.email, { name: "reminder_sent" }); // ok: no uid identify is known to lack email
}

module.exports = { sync, identify, reminder };
