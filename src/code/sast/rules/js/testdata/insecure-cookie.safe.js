const express = require("express");

const app = express();

app.post("/login", (req, res) => {
  // ok: vigil.sast.js.insecure-cookie
  res.cookie("session", createSession(req.body.user), { secure: true, httpOnly: true, sameSite: "lax" });
  res.redirect("/");
});
