const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function signup(user) {
  await cio.track(user.id, { name: "user_signed_up" });
}

async function invited(user) {
  await cio.track(user.id, { name: "user_signed_up", data: { via: "invite" } });
}

async function sso(user) {
  await cio.track(user.id, { name: "UserSignedUp" }); // expect: event-name-collision
}

module.exports = { signup, invited, sso };
