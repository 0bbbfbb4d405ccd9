import { Router } from "express";
import { cio, logCioError } from "../lib/customerio";
import { db } from "../db";

export const signup = Router();

signup.post("/signup", async (req, res) => {
  const user = await db.users.create({ email: req.body.email, name: req.body.name });

  // Identify first, then track; neither holds up the response.
  cio
    .identify(String(user.id), {
      email: user.email,
      plan: user.plan,
      created_at: Math.floor(Date.now() / 1000),
    })
    .then(() => cio.track(String(user.id), { name: "user_signed_up", data: { plan: user.plan } }))
    .catch(logCioError);

  res.status(201).json({ id: user.id });
});
