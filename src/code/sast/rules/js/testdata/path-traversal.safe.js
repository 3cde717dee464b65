const express = require("express");
const fs = require("fs");
const path = require("path");

const app = express();
const UPLOADS = "/srv/uploads";

app.get("/files", (req, res) => {
  const file = path.join(UPLOADS, path.basename(req.query.name));
  // ok: vigil.sast.js.path-traversal
  fs.readFile(file, (err, data) => res.send(data));
});

app.get("/open", (req, res) => {
  const file = path.resolve(UPLOADS, req.query.name);
  if (!file.startsWith(UPLOADS + path.sep)) {
    return res.status(403).end();
  }
  // ok: vigil.sast.js.path-traversal
  fs.createReadStream(file).pipe(res);
});

app.get("/download/:name", (req, res) => {
  // ok: vigil.sast.js.path-traversal
  res.sendFile(req.params.name, { root: UPLOADS });
});
