const { TrackClient } = require('customerio-node');

const cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_API_KEY);

async function identifyCustomer(customer) {
  await cio.identify(customer.id, { email: customer.email });
}

module.exports = { identifyCustomer };
