const { makeTrackClient } = require("../lib/cio");

async function onSignup(user) {
  const cio = makeTrackClient(); // ok: built by the factory, judged once at its constructor
  await cio.identify(user.id, { email: user.email });
}

module.exports = { onSignup };
