const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();
const UPLOADS = "/srv/uploads";

app.get("/files", (req, res) => {
  const file = path.join(UPLOADS, req.query.name);
  // ruleid: vigil.sast.js.path-traversal
  fs.readFile(file, (err, data) => res.send(data));
});

app.get("/download/:name", (req, res) => {
  // ruleid: vigil.sast.js.path-traversal
  res.sendFile(UPLOADS + "/" + req.params.name);
});
