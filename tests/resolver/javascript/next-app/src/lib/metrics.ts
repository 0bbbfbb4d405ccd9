// A project class that happens to share a name with the SDK's.
export class TrackClient {
  constructor(private prefix: string) {}

  async track(id: string, name: string) {
    console.log(this.prefix, id, name);
  }
}
