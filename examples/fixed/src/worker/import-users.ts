import Bottleneck from "bottleneck";
import { cio } from "../lib/customerio";
import { db } from "../db";

// Stay well under the Track API's rate limit.
const limiter = new Bottleneck({ maxConcurrent: 10, minTime: 10 });

// Nightly job: copy every user's profile into Customer.io.
export async function importUsers(): Promise<void> {
  const users = await db.users.all();
  for (const user of users) {
    await limiter.schedule(() =>
      cio.identify(String(user.id), {
        email: user.email,
        first_name: user.firstName,
        plan: user.plan,
      }),
    );
  }
}
