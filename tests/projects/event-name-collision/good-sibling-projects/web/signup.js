const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function signup(user) {
  await cio.track(user.id, { name: "user_signed_up" }); // ok: the only spelling in this project
}

async function invited(user) {
  await cio.track(user.id, { name: "user_signed_up", data: { via: "invite" } }); // ok
}

module.exports = { signup, invited };
