import { TrackClient } from "customerio-node";

// Every event is in Sentence case: the project's style, whatever the default would be.
const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

export async function signedUp(id: string) {
  await cio.track(id, { name: "Signed up" }); // ok: Sentence case, like the rest of the project
}

export async function viewed(id: string, page: string) {
  await cio.track(id, { name: `Viewed ${page} page` }); // ok: Sentence case by its fixed text
}
