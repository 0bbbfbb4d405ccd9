import Mixpanel from "mixpanel";

const mixpanel = Mixpanel.init(process.env.MIXPANEL_TOKEN!);

export async function trackMixpanel(distinctId: string, event: string) {
  mixpanel.track(event, { distinct_id: distinctId });
}
