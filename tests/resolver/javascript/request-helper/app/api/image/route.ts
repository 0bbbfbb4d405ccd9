import { generateImage } from "@/lib/ai/images";

export async function POST(req: Request) {
  const { prompt } = await req.json();
  const image = await generateImage(prompt); // ok: not Customer.io
  return Response.json(image);
}
