const crypto = require("crypto");

function createResetToken() {
  // ok: vigil.sast.js.weak-random
  const token = crypto.randomBytes(32).toString("hex");
  return token;
}

function jitter(delay) {
  // ok: vigil.sast.js.weak-random
  const extra = Math.random() * 100;
  return delay + extra;
}
