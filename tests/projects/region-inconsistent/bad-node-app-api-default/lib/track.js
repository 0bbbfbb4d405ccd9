// Tracking was set up for the EU workspace.
const { TrackClient, RegionEU } = require("customerio-node");

const track = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_KEY, {
  region: RegionEU,
});

module.exports = { track };
