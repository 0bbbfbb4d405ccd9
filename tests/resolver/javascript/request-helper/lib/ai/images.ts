// Not Customer.io: a request helper of another service, shaped the same way.
async function request(path: string, body: unknown) {
  const res = await fetch(`${process.env.AI_BASE_URL}${path}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
  return res.json();
}

export async function generateImage(prompt: string) {
  return request("/api/generate-image", { prompt });
}
