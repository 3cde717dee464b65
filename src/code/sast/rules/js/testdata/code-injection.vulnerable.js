const express = require("express");
const vm = require("vm");

const app = express();

app.post("/calc", (req, res) => {
  const expr = req.body.expression;
  // ruleid: vigil.sast.js.code-injection
  const result = eval(expr);
  res.json({ result });
});

app.post("/rule", (req, res) => {
  // ruleid: vigil.sast.js.code-injection
  const check = new Function("order", "return " + req.body.rule);
  // ruleid: vigil.sast.js.code-injection
  res.json({ ok: check(vm.runInNewContext(req.body.order)) });
});
