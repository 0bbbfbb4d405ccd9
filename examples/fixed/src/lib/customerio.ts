import { TrackClient, APIClient, RegionUS } from "customerio-node";

// One Track client and one App API client for the whole process, keys from the environment.
export const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, {
  region: RegionUS,
});

export const api = new APIClient(process.env.CIO_APP_KEY!);

export function logCioError(err: unknown): void {
  console.warn("customer.io request failed", err);
}
