import { TrackClient, APIClient, RegionEU } from "customerio-node";

// The workspace lives in the EU data center.
export const track = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_KEY!, { region: RegionEU });
export const api = new APIClient(process.env.CIO_APP_KEY!, { region: RegionEU });
