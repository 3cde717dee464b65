function createResetToken() {
  // ruleid: vigil.sast.js.weak-random
  const token = Math.random().toString(36).slice(2);
  return token;
}

function newSession(user) {
  // ruleid: vigil.sast.js.weak-random
  return { user, sessionId: Math.random().toString(16).slice(2) };
}
