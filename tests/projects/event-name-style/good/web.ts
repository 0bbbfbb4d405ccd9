import { AnalyticsBrowser } from "@customerio/cdp-analytics-browser";

const analytics = AnalyticsBrowser.load({ writeKey: process.env.NEXT_PUBLIC_CIO_WRITE_KEY! });

export const viewed = () => analytics.track("Product Viewed"); // ok: Title Case is the majority here
export const added = () => analytics.track("Product Added"); // ok
