import { APIClient, RegionEU, RegionUS, TrackClient } from "customerio-node";

const region = process.env.CIO_REGION === "eu" ? RegionEU : RegionUS;

// ok: the region comes from configuration: unknown, neither reported nor counted
export const track = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!, { region });

// ok: the only client whose region the code fixes
export const api = new APIClient(process.env.CIO_APP_KEY!, { region: RegionEU });
