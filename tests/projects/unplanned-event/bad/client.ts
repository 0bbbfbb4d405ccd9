import { TrackClient, RegionUS } from "customerio-node";

export const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, {
  region: RegionUS,
});
