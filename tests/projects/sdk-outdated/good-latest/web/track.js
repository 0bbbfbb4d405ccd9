const { TrackClient } = require("customerio-node");
const { Analytics } = require("@customerio/cdp-analytics-node");

const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY); // ok: customerio-node 5 is the latest major
const analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY }); // ok: 0.x has no major to be behind

module.exports = { cio, analytics };
