const express = require("express");
const axios = require("axios");

const app = express();

app.get("/preview", async (req, res) => {
  // ruleid: vigil.sast.js.ssrf
  const response = await fetch(req.query.url);
  res.json(await response.json());
});

app.get("/avatar", async (req, res) => {
  const base = req.headers["x-avatar-host"];
  // ruleid: vigil.sast.js.ssrf
  const { data } = await axios.get(`https://${base}/avatar.png`);
  res.json(data);
});
