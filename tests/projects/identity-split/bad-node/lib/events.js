// The project's wrapper: callers choose the id.
const { cio } = require("../billing");

function sendEvent(customerId, name, data) {
  return cio.track(customerId, { name, data });
}

module.exports = { sendEvent };
