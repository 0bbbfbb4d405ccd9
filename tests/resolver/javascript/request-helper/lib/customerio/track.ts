import { getCustomerIoConfig } from "./config";

/** Low-level Track API request. Never throws. */
async function request(method: "PUT" | "POST" | "DELETE", path: string, body?: unknown) {
  const config = getCustomerIoConfig();
  if (!config) return false;
  const res = await fetch(`${config.baseUrl}${path}`, {
    method,
    headers: { Authorization: config.authHeader, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.ok;
}

export async function identifyMember(id: string, attributes: Record<string, unknown>) {
  return request("PUT", `/api/v1/customers/${encodeURIComponent(id)}`, attributes);
}

export async function trackMemberEvent(id: string, name: string, data?: Record<string, unknown>) {
  return request("POST", `/api/v1/customers/${encodeURIComponent(id)}/events`, { name, data });
}
