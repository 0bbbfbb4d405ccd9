const { TrackClient } = require("customerio-node");
const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

function login(user) {
  cio.track(user.id, { name: "logged_in" });
  cio.identify(user.id, { plan: "pro" }).then(() => console.log("synced"));
  cio
    .track(user.id, { name: "visited" })
    .finally(() => undefined);
}

module.exports = { login };
