const { TrackClient, APIClient } = require("customerio-node");

// ok: no region anywhere: every client uses the US default
const track = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);
const api = new APIClient(process.env.CIO_APP_KEY);

async function unsubscribe(id) {
  // ok: the US host, the same region as the SDK clients
  await fetch(`https://track.customer.io/api/v1/customers/${id}/unsubscribe`, { method: "POST" });
}

module.exports = { track, api, unsubscribe };
