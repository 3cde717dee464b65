const express = require("express");

const app = express();
const TARGETS = ["/home", "/account"];

app.get("/login", (req, res) => {
  const next = req.query.next;
  if (!TARGETS.includes(next)) {
    return res.redirect("/home");
  }
  // ok: vigil.sast.js.open-redirect
  res.redirect(next);
});

app.get("/search", (req, res) => {
  // ok: vigil.sast.js.open-redirect
  res.redirect("/results?q=" + encodeURIComponent(req.query.q));
});
