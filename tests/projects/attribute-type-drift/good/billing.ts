import { TrackClient } from "customerio-node";

const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

export async function upgrade(id: string, plan: string) {
  await cio.identify(id, { plan: "premium", seats: 5 }); // ok: same types everywhere
}

export async function custom(id: string, plan: string) {
  await cio.identify(id, { plan }); // ok: unknown type
}
