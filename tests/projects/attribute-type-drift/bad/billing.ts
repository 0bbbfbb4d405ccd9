import { TrackClient } from "customerio-node";

const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

export async function upgrade(id: string) {
  await cio.identify(id, { plan: "premium", trial: false });
}

export async function renew(id: string) {
  await cio.identify(id, { plan: "premium", seats: 5 });
}

export async function downgrade(id: string) {
  await cio.identify(id, { plan: "free", seats: "5" }); // expect: attribute-type-drift
}
