// The App API client added later never got the region: every send calls the US host.
const { APIClient, SendEmailRequest } = require("customerio-node");

const api = new APIClient(process.env.CIO_APP_KEY); // expect: region-inconsistent

async function sendReceipt(user, order) {
  const request = new SendEmailRequest({
    transactional_message_id: "receipt",
    to: user.email,
    identifiers: { id: user.id },
    message_data: { total: order.total },
  });
  return api.sendEmail(request);
}

module.exports = { sendReceipt };
