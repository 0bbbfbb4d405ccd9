import React, { createContext, useState } from "react";
import * as SecureStore from "expo-secure-store";

// ok: the context's default value is a placeholder, not a logout
export const AuthContext = createContext({ signOut: async () => {} });

export function AuthProvider({ children }: { children: React.ReactNode }) {
  const [token, setToken] = useState<string | null>(null);
  const signOut = async () => { // expect: logout-without-reset
    await SecureStore.deleteItemAsync("token");
    setToken(null);
  };
  return <AuthContext.Provider value={{ signOut }}>{token ? children : null}</AuthContext.Provider>;
}
