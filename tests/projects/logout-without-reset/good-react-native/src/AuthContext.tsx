import React, { createContext, useState } from "react";
import * as SecureStore from "expo-secure-store";
import { forgetUser } from "./tracking";

export const AuthContext = createContext({ signOut: async () => {} });

export function AuthProvider({ children }: { children: React.ReactNode }) {
  const [token, setToken] = useState<string | null>(null);
  const signOut = async () => { // ok: clears the identify through the project's tracking module
    await SecureStore.deleteItemAsync("token");
    forgetUser();
    setToken(null);
  };
  return <AuthContext.Provider value={{ signOut }}>{token ? children : null}</AuthContext.Provider>;
}
