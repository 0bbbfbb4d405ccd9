const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function signup(user) {
  await cio.track(user.id, { name: "user_signed_up" }); // ok: one spelling everywhere
}

async function upgraded(user) {
  await cio.track(user.id, { name: "plan_upgraded" }); // ok: a different event
}

module.exports = { signup, upgraded };
