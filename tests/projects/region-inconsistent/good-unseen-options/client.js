const { TrackClient, APIClient, RegionEU } = require("customerio-node");
const config = require("./config");

// ok: options built elsewhere can name any region
const track = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY, config.cioOptions);

// ok: a local mock server, not a Customer.io host
const mock = new APIClient("test-key", { url: "http://localhost:4010/v1" });

const api = new APIClient(process.env.CIO_APP_KEY, { region: RegionEU });

module.exports = { track, mock, api };
