import express from "express";
import { recordSignup } from "@/services/onboarding";
import { trackEvent } from "../lib/analytics";
import { trackSegment } from "@/lib/segment";
import { TrackClient } from "@/lib/metrics";
import { Notifier } from "@/services/notifier";
import { db } from "@/lib/db";

const router = express.Router();

router.post("/signup", async (req, res) => {
  const user = await db.createUser(req.body);
  await recordSignup(user); // expect: blocking-analytics
  await trackSegment(user.email, "Signed Up"); // ok: Segment, not Customer.io
  await new TrackClient("signup").track(user.email, "Signed Up"); // ok: a project class
  const notifier = new Notifier(); // expect: client-per-request
  await notifier.welcome(user.email); // expect: blocking-analytics
  res.json(user);
});

router.post("/invite", async (req, res) => {
  res.status(202).end();
  for (const email of req.body.emails) {
    await trackEvent(email, "invited"); // expect: mutable-customer-id unthrottled-loop
  }
});

router.post("/event", async (req, res) => {
  trackEvent(req.user.id, `clicked_${req.body.button}`).catch(() => {}); // expect: dynamic-event-name
  trackEvent(req.user.id, req.body.event).catch(() => {}); // ok: a variable, not a built name
  res.sendStatus(204);
});

export default router;
