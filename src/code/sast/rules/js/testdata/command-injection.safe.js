const express = require("express");
const { exec, execFile, spawn } = require("child_process");

const app = express();
const ALLOWED_HOSTS = ["example.com", "example.org"];

app.get("/ping", (req, res) => {
  const host = req.query.host;
  // ok: vigil.sast.js.command-injection
  execFile("ping", ["-c", "1", host], (err, stdout) => res.send(stdout));
});

app.get("/ping2", (req, res) => {
  const host = req.query.host;
  if (!ALLOWED_HOSTS.includes(host)) {
    return res.status(400).send("unknown host");
  }
  // ok: vigil.sast.js.command-injection
  exec(`ping -c 1 ${host}`, (err, stdout) => res.send(stdout));
});

app.get("/count", (req, res) => {
  const n = parseInt(req.query.n, 10);
  // ok: vigil.sast.js.command-injection
  exec("seq " + n, (err, stdout) => res.send(stdout));
});

app.get("/uptime", (req, res) => {
  // ok: vigil.sast.js.command-injection
  exec("uptime", (err, stdout) => res.send(stdout));
});

app.get("/grep", (req, res) => {
  // ok: vigil.sast.js.command-injection
  const child = spawn("grep", [req.query.pattern, "/var/log/app.log"]);
  child.stdout.pipe(res);
});

// An AWS Lambda handler: the host goes to ping as an argument, never through a shell.
exports.handler = async (event) => {
  const host = event.queryStringParameters.host;
  // ok: vigil.sast.js.command-injection
  execFile("ping", ["-c", "1", host], () => {});
  // ok: vigil.sast.js.command-injection
  exec(`ping -c 1 ${event.requestContext.domainName}`, () => {});
  return { statusCode: 200 };
};
