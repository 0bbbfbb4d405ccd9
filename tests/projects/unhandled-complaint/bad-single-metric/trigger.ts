// A workflow-platform trigger: Customer.io posts reporting events to its URL.
export const customerioEvents = {
  key: "customerio_events",
  async run(context: any) {
    const body = context.payload.body;
    if (body.metric !== "subscribed") { // expect: unhandled-bounce, unhandled-complaint
      return;
    }
    await context.store.put(body.data.identifiers.id, body.event_id);
  },
};
