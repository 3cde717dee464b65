const express = require("express");
const yaml = require("js-yaml");

const app = express();

app.get("/profile", (req, res) => {
  const raw = Buffer.from(req.cookies.profile, "base64").toString();
  // ok: vigil.sast.js.insecure-deserialization
  const profile = JSON.parse(raw);
  res.json({ name: profile.name });
});

app.post("/config", (req, res) => {
  // ok: vigil.sast.js.insecure-deserialization
  const cfg = yaml.load(req.body);
  res.json(cfg);
});
