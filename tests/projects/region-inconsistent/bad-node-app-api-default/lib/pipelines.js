const { Analytics } = require("@customerio/cdp-analytics-node");

const analytics = new Analytics({
  writeKey: process.env.CIO_WRITE_KEY,
  host: "https://cdp-eu.customer.io",
});

module.exports = { analytics };
