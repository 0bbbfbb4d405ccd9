import { TrackClient } from "customerio-node";

const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

export async function signup(id: string) {
  await cio.track(id, { name: "user_signed_up" });
  await cio.track(id, { name: "user-signed-up" });
}

export async function invite(id: string) {
  await cio.track(id, { name: "user_signed_up" });
}
