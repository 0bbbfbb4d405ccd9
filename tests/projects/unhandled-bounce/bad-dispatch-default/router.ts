import express from "express";

export const router = express.Router();

// The route hands the body to a helper of this file, which dispatches on the metric.
router.post("/hooks/customerio", verifyCioSignature, async (req, res) => {
  await handleReportingEvent(req.body);
  res.sendStatus(200);
});

async function handleReportingEvent(event: { metric: string; event_id: string }) {
  if (event.metric === "converted") {
    await conversions.record(event.event_id);
  } else { // expect: unhandled-bounce, unhandled-complaint
    logger.debug("metric not tracked", { metric: event.metric });
  }
}
