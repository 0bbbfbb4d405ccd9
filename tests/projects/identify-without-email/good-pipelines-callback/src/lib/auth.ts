import { sendToCio } from "./cio";

export function onSignIn(env: Env, ctx: ExecutionContext, user: { id: string; email: string; name: string }) {
  sendToCio(env, ctx, (cio) =>
    cio.identify({ userId: user.id, traits: { email: user.email, name: user.name } }), // ok: the e-mail is a trait
  );
}
