const express = require("express");

const app = express();
const OPS = { add: (a, b) => a + b, sub: (a, b) => a - b };

app.post("/calc", (req, res) => {
  const op = OPS[req.body.op];
  // ok: vigil.sast.js.code-injection
  const config = eval("({ debug: false })");
  // ok: vigil.sast.js.code-injection
  const data = JSON.parse(req.body.data);
  res.json({ result: op(data.a, data.b), config });
});
