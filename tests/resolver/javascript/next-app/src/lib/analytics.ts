import { trackClient as cio } from "@/lib/cio";

export async function identifyUser(id: string, attributes: Record<string, unknown>) {
  await cio.identify(id, attributes);
}

export async function trackEvent(
  id: string,
  name: string,
  data: Record<string, unknown> = {},
) {
  await cio.track(id, { name, data });
}
