// The project's factory: every caller gets a client on the US default.
const { TrackClient } = require("customerio-node");

function makeTrackClient() {
  return new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY); // expect: region-inconsistent
}

module.exports = { makeTrackClient };
