import { sendToCio } from "./cio";

export function onSignIn(env: Env, ctx: ExecutionContext, user: { id: string; name: string }) {
  sendToCio(env, ctx, (cio) =>
    cio.identify({ userId: user.id, traits: { name: user.name } }), // expect: identify-without-email
  );
}
