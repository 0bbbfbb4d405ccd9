const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function signup(user) {
  // ciolint-ignore: millisecond-timestamp -- the warehouse once read this attribute in ms
  await cio.identify(user.id, { created_at: Math.floor(Date.now() / 1000) });
  await cio.identify(user.id, { plan: "pro" }); // ciolint-ignore: millisecond-timestamp -- gone
  // ciolint-ignore: millisecond-timestamp, event-name-style -- synced_at is ms on purpose
  await cio.identify(user.id, { synced_at: Date.now() });
  /* ciolint-ignore: milisecond-timestamp -- misspelt, so it never suppressed anything */
  await cio.identify(user.id, { plan: "team" });
}

module.exports = { signup };
