const express = require("express");

const app = express();

app.get("/hello", (req, res) => {
  // ruleid: vigil.sast.js.xss
  res.send("<h1>Hello " + req.query.name + "</h1>");
});

function showMessage(el) {
  const msg = new URLSearchParams(location.search).get("msg");
  // ruleid: vigil.sast.js.xss
  el.innerHTML = `<p>${msg}</p>`;
}

export function Comment() {
  const html = window.location.hash.slice(1);
  // ruleid: vigil.sast.js.xss
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}
