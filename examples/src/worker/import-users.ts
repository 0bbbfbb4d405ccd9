import { cio } from "../lib/customerio";
import { db } from "../db";

// Nightly job: copy every user's profile into Customer.io.
export async function importUsers(): Promise<void> {
  const users = await db.users.all();
  for (const user of users) {
    await cio.identify(String(user.id), {
      first_name: user.firstName,
      plan: user.plan,
      password_hash: user.passwordHash,
    });
  }
}
