const express = require("express");
const axios = require("axios");

const app = express();
const ALLOWED = new Set(["images.example.com"]);

app.get("/preview", async (req, res) => {
  const url = new URL(req.query.url);
  if (!ALLOWED.has(url.hostname)) {
    return res.status(400).send("host not allowed");
  }
  // ok: vigil.sast.js.ssrf
  const response = await fetch(url);
  res.json(await response.json());
});

app.get("/user", async (req, res) => {
  // ok: vigil.sast.js.ssrf
  const { data } = await axios.get("https://api.example.com/users/" + encodeURIComponent(req.query.id));
  res.json(data);
});
