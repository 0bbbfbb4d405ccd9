// Another provider's webhook: its "bounced" is not a Customer.io reporting event.
router.post("/sendgrid/events", async (req, res) => {
  res.status(200).json({ received: true });
  for (const event of req.body) {
    if (event.event === "bounced") { // ok: SendGrid's event, not a Customer.io metric
      logger.warn("[SendGrid] bounced", { email: event.email });
    }
  }
});
