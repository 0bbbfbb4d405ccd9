import { Router } from "express";
import { cio } from "../lib/customerio";
import { db } from "../db";

export const signup = Router();

signup.post("/signup", async (req, res) => {
  const user = await db.users.create({ email: req.body.email, name: req.body.name });

  await cio.track(user.email, { name: "UserSignedUp", data: { plan: user.plan } });
  await cio.identify(user.email, {
    ...req.body,
    created_at: Date.now(),
  });

  res.status(201).json({ id: user.id });
});
