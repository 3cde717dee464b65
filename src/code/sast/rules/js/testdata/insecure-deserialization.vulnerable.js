const express = require("express");
const serialize = require("node-serialize");
const yaml = require("js-yaml");

const app = express();

app.get("/profile", (req, res) => {
  const raw = Buffer.from(req.cookies.profile, "base64").toString();
  // ruleid: vigil.sast.js.insecure-deserialization
  const profile = serialize.unserialize(raw);
  res.json({ name: profile.name });
});

app.post("/config", (req, res) => {
  // ruleid: vigil.sast.js.insecure-deserialization
  const cfg = yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  res.json(cfg);
});
