import { TrackClient, RegionUS } from "customerio-node";

function buildTrackClient() {
  return new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!, {
    region: RegionUS,
  });
}

export const trackClient = buildTrackClient();
