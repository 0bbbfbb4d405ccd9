import { TrackClient, APIClient, RegionUS } from "customerio-node";

// Shared Customer.io clients for the API and the workers.
export const cio = new TrackClient(
  process.env.CIO_SITE_ID ?? "f82ad78f695bd32f9d99",
  process.env.CIO_APP_KEY!,
  { region: RegionUS },
);

export const api = new APIClient(process.env.CIO_APP_KEY!);

export function newClient(): TrackClient {
  return new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!);
}
