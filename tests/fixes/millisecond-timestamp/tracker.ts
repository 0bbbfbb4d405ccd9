import { TrackClient } from "customerio-node";

export class Tracker {
  private readonly cio = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_API_KEY!);

  async signup(user: { id: string; createdAt: Date }) {
    await this.cio.identify(user.id, { created_at: user.createdAt.getTime() });
  }
}
