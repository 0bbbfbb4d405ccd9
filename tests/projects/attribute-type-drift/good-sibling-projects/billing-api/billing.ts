import { TrackClient } from "customerio-node";

// One workspace per project: billing-api sends `plan` as a string everywhere.
const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

export async function upgrade(id: string) {
  await cio.identify(id, { plan: "premium", seats: 5 }); // ok: strings in this project
}

export async function downgrade(id: string) {
  await cio.identify(id, { plan: "free", seats: 1 }); // ok: the same types
}
