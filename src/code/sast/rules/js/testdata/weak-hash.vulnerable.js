const crypto = require("crypto");

function passwordDigest(password, salt) {
  // ruleid: vigil.sast.js.weak-hash
  return crypto.createHash("md5").update(salt + password).digest("hex");
}

function sign(body, key) {
  // ruleid: vigil.sast.js.weak-hash
  return crypto.createHmac("sha1", key).update(body).digest("hex");
}
