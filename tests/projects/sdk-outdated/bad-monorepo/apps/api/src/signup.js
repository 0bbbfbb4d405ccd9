const { TrackClient, RegionUS } = require("customerio-node");

const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY, { region: RegionUS });

// ok: this sub-project is on customerio-node 5, the latest major
async function signedUp(user) {
  await cio.identify(user.id, { email: user.email, created_at: Math.floor(Date.now() / 1000) });
}

module.exports = { signedUp };
