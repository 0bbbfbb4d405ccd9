import { importCustomers } from "@/lib/customerio";

export async function POST(req: Request) {
  const { customers } = await req.json();
  // ok: answers 202 first, the import runs after the response
  queueMicrotask(() => void importCustomers(customers).catch(console.error));
  return new Response(null, { status: 202 });
}
