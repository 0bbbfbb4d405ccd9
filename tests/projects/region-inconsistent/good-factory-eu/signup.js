const { makeTrackClient } = require("./lib/cio");

async function onSignup(user) {
  await makeTrackClient().identify(user.id, { email: user.email }); // ok: EU through the factory
}

module.exports = { onSignup };
