import { trackMemberEvent } from "@/lib/customerio";
import { db } from "@/lib/db";

// Called by the scheduler: nobody waits on its response.
export async function GET() {
  const users = await db.users.dueForReminder();
  for (const user of users) {
    await trackMemberEvent(user.id, "reminder_due"); // expect: unthrottled-loop
  }
  return Response.json({ sent: users.length });
}
