const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function signup(user) {
  await cio.track(user.id, { name: "UserSignedUp" });
  await cio.track(user.id, { name: "trial_started" });
  await cio.track(user.id, { name: "plan_upgraded" });
}

module.exports = { signup };
