/** Track API host per data-center region. */
const TRACK_HOSTS: Record<string, string> = {
  us: "https://track.customer.io",
  eu: "https://track-eu.customer.io",
};

export function getCustomerIoConfig() {
  const siteId = process.env.CUSTOMERIO_SITE_ID;
  const apiKey = process.env.CUSTOMERIO_API_KEY;
  if (!siteId || !apiKey) return null;
  return {
    baseUrl: TRACK_HOSTS[process.env.CUSTOMERIO_REGION ?? "us"],
    authHeader: `Basic ${Buffer.from(`${siteId}:${apiKey}`).toString("base64")}`,
  };
}
