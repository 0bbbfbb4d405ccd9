const defaultState = { user: null, status: "idle" };

// ok: a reducer case; the reset belongs in the action
const logOut = (state, action) => ({
  ...defaultState,
  status: "logged-out",
  lastSeen: action.at,
});

export default function account(state = defaultState, action) {
  return action.type === "log out" ? logOut(state, action) : state;
}
