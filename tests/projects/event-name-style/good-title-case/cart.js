const { Analytics } = require("@customerio/cdp-analytics-node");

// Segment-style Title Case everywhere.
const analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY });

function added(user) {
  analytics.track({ userId: user.id, event: "Added to Cart" }); // ok: Title Case with a minor word
}

function completed(user) {
  analytics.track({ userId: user.id, event: "Order Completed" }); // ok: Title Case
}

module.exports = { added, completed };
