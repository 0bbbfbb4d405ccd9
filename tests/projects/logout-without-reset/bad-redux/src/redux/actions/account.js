import { identifyUser } from "../../analytics";

export const LOG_OUT = "log out";

export const logIn = (user) => (dispatch) => {
  identifyUser(user);
  dispatch({ type: "log in", user });
};

export const logOut = () => (dispatch) => // expect: logout-without-reset
  fetch("/api/logout", { method: "POST" }).then(() => dispatch({ type: LOG_OUT }));
