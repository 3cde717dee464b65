const express = require("express");
const escapeHtml = require("escape-html");
import DOMPurify from "dompurify";

const app = express();

app.get("/hello", (req, res) => {
  // ok: vigil.sast.js.xss
  res.send("<h1>Hello " + escapeHtml(req.query.name) + "</h1>");
});

function showMessage(el) {
  const msg = new URLSearchParams(location.search).get("msg");
  // ok: vigil.sast.js.xss
  el.textContent = msg;
}

export function Comment() {
  const html = window.location.hash.slice(1);
  // ok: vigil.sast.js.xss
  return <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }} />;
}
