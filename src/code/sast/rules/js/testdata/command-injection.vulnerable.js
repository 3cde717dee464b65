const express = require("express");
const { exec, spawn } = require("child_process");
const cp = require("node:child_process");

const app = express();

app.get("/ping", (req, res) => {
  const host = req.query.host;
  // ruleid: vigil.sast.js.command-injection
  exec(`ping -c 1 ${host}`, (err, stdout) => {
    res.send(stdout);
  });
});

function archive(name) {
  let cmd = "tar czf /tmp/out.tgz ";
  cmd += name;
  // ruleid: vigil.sast.js.command-injection
  return cp.execSync(cmd);
}

app.post("/archive", (req, res) => {
  archive(req.body.name);
  res.end();
});

app.get("/grep", (req, res) => {
  const pattern = req.get("X-Pattern");
  // ruleid: vigil.sast.js.command-injection
  const child = spawn("grep " + pattern + " /var/log/app.log", { shell: true });
  child.stdout.pipe(res);
});

// An AWS Lambda handler behind API Gateway: the event's query string, path and body are request input.
exports.handler = async (event) => {
  const host = event.queryStringParameters.host;
  // ruleid: vigil.sast.js.command-injection
  exec(`ping -c 1 ${host}`, () => {});
  // ruleid: vigil.sast.js.command-injection
  cp.execSync("tar xf " + JSON.parse(event.body).archive);
  return { statusCode: 200 };
};
