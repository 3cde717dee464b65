const express = require("express");

const app = express();

app.post("/login", (req, res) => {
  // ruleid: vigil.sast.js.insecure-cookie
  res.cookie("session", createSession(req.body.user));
  // ruleid: vigil.sast.js.insecure-cookie
  res.cookie("remember", "1", { httpOnly: true, maxAge: 86400000 });
  res.redirect("/");
});
