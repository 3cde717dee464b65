const crypto = require("crypto");

function encryptToken(token, key, iv) {
  // ruleid: vigil.sast.js.weak-cipher
  const cipher = crypto.createCipheriv("des-ede3-cbc", key, iv);
  return cipher.update(token, "utf8", "hex") + cipher.final("hex");
}

function encryptBlock(data, key) {
  // ruleid: vigil.sast.js.weak-cipher
  const cipher = crypto.createCipheriv("aes-128-ecb", key, null);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}
