const SUBSCRIPTION_METRICS = ["subscribed", "unsubscribed"];

exports.handler = async (event) => { // expect: unhandled-bounce, unhandled-complaint
  const payload = JSON.parse(event.body);
  if (!verifySignature(event)) return { statusCode: 401 };
  if (SUBSCRIPTION_METRICS.includes(payload.metric)) {
    await syncSubscription(payload.data.identifiers.id, payload.metric);
  }
  await analytics.forward(payload);
  return { statusCode: 200 };
};
