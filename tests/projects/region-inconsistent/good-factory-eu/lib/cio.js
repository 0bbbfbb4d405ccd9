const { TrackClient, RegionEU } = require("customerio-node");

// ok: the factory builds EU clients, counted once however often it is called
function makeTrackClient() {
  return new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY, { region: RegionEU });
}

module.exports = { makeTrackClient };
