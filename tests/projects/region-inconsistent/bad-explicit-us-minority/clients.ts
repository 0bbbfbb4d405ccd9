import { APIClient, RegionEU, RegionUS, TrackClient } from "customerio-node";

export const track = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!, {
  region: RegionEU,
});

export const api = new APIClient(process.env.CIO_APP_KEY!, { region: RegionEU });

// A leftover from the US trial workspace.
export const backfill = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!, { // expect: region-inconsistent
  region: RegionUS,
});
