import { TrackClient } from "customerio-node";

const cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

interface User {
  id: string;
  email: string;
  streak: number;
}

export async function identifyUser(user: User): Promise<void> {
  await cio.identify(user.id, { email: user.email, created_at: Math.floor(Date.now() / 1000) }); // ok: links the uid to the address
}

export async function streakUpdated(user: User): Promise<void> {
  await cio.identify(user.id, { current_streak: user.streak }); // ok: a partial update of a person who already has email
}

export async function funnel(email: string): Promise<void> {
  await cio.identify(email, { funnel: true }); // ok: lands on the profile identifyUser linked
}

export async function newsletter(email: string, contactId: string): Promise<void> {
  await cio.identify(email, { email, id: contactId, newsletter: true }); // ok: sends the uid with the address
}
