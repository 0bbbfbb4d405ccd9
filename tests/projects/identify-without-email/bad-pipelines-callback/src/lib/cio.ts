import { PipelinesClient } from "customerio-node";

type CioCall = (cio: PipelinesClient) => Promise<unknown>;

// Best effort: one client per call, errors logged, the request not held up.
export function sendToCio(env: Env, ctx: ExecutionContext | undefined, call: CioCall): void {
  if (!env.CIO_PIPELINES_WRITE_KEY) return;
  const cio = new PipelinesClient(env.CIO_PIPELINES_WRITE_KEY, { strictMode: true });
  const done = call(cio).catch((err) => console.error("Customer.io request failed", err));
  ctx?.waitUntil(done);
}
