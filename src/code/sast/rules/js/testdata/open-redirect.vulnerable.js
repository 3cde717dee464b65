const express = require("express");

const app = express();

app.get("/login", (req, res) => {
  const next = req.query.next;
  // ruleid: vigil.sast.js.open-redirect
  res.redirect(next);
});

app.get("/go", (req, res) => {
  // ruleid: vigil.sast.js.open-redirect
  res.redirect(302, req.query.to);
});
