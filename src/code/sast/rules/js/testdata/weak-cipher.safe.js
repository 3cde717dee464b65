const crypto = require("crypto");

function encrypt(data, key) {
  const iv = crypto.randomBytes(12);
  // ok: vigil.sast.js.weak-cipher
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  return Buffer.concat([iv, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
}
