const express = require("express");

const app = express();
const THEMES = ["light", "dark"];

app.post("/prefs", (req, res) => {
  const theme = req.query.theme;
  if (!THEMES.includes(theme)) {
    return res.status(400).end();
  }
  // ok: vigil.sast.js.trust-boundary
  req.session.theme = theme;
  // ok: vigil.sast.js.trust-boundary
  req.session.visits = (req.session.visits || 0) + 1;
  res.end();
});
