const sessions = new Map();

// ok: a server-only project has no device SDK to reset
async function logout(sessionId) {
  sessions.delete(sessionId);
}

module.exports = { logout };
