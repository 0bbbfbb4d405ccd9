const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function signup(user) {
  await cio.track(user.id, { name: "user_signed_up" }); // expect: event-name-style
}

async function login(user) {
  await cio.track(user.id, { name: "user_logged_in" }); // expect: event-name-style
}

module.exports = { signup, login };
