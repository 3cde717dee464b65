const express = require("express");

const app = express();

app.post("/prefs", (req, res) => {
  // ruleid: vigil.sast.js.trust-boundary
  req.session.role = req.body.role;
  // ruleid: vigil.sast.js.trust-boundary
  req.session["theme"] = req.query.theme;
  res.end();
});
