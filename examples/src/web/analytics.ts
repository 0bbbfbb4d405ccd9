import { TrackClient } from "customerio-node";

// Used by the Next.js front end to send events straight from the browser.
export const browserCio = new TrackClient(
  process.env.NEXT_PUBLIC_CIO_SITE_ID!,
  process.env.NEXT_PUBLIC_CIO_API_KEY!,
);
