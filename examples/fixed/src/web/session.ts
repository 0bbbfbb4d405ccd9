"use client";
import { AnalyticsBrowser } from "@customerio/cdp-analytics-browser";

export const cioanalytics = AnalyticsBrowser.load({ writeKey: process.env.NEXT_PUBLIC_CIO_WRITE_KEY! });

export function onLogin(user: { id: string; email: string }) {
  cioanalytics.identify(user.id, { email: user.email });
}

export async function logout() {
  await fetch("/api/session", { method: "DELETE" });
  // The next person on this browser starts a new anonymous profile.
  cioanalytics.reset();
  window.location.assign("/login");
}
