import { TrackClient } from "customerio-node";

const TRACK_KEY = "5f2e8d1c4b7a0e3d6c9b";

export const cio = new TrackClient(process.env.CIO_SITE_ID!, TRACK_KEY);
