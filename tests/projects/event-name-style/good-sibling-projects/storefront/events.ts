import { AnalyticsBrowser } from "@customerio/cdp-analytics-browser";

// One project (its own package.json), consistently Title Case.
const analytics = AnalyticsBrowser.load({ writeKey: process.env.NEXT_PUBLIC_CIO_WRITE_KEY! });

export const viewed = () => analytics.track("Product Viewed"); // ok: Title Case in this project
export const ordered = () => analytics.track("Order Completed"); // ok: Title Case in this project
