export function identifyUser(user) {
  window._cio.identify({ id: user.id, email: user.email });
}
