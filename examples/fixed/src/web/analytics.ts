import { AnalyticsBrowser } from "@customerio/cdp-analytics-browser";

// The browser talks to Data Pipelines with a write key, which is public by design.
export const analytics = AnalyticsBrowser.load({ writeKey: process.env.NEXT_PUBLIC_CIO_WRITE_KEY! });
