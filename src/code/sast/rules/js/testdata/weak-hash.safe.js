const crypto = require("crypto");

function digest(body) {
  // ok: vigil.sast.js.weak-hash
  return crypto.createHash("sha256").update(body).digest("hex");
}

function sign(body, key) {
  // ok: vigil.sast.js.weak-hash
  return crypto.createHmac("sha512", key).update(body).digest("hex");
}
