import { CustomerIO } from "customerio-reactnative";
import { Button } from "react-native";

export function LoginButton({ user }: { user: { id: string; email: string } }) {
  const onLogin = () => CustomerIO.identify({ userId: user.id, traits: { email: user.email } });
  return <Button title="Log in" onPress={onLogin} />;
}
