const express = require("express");
const mysql = require("mysql2");

const app = express();
const pool = mysql.createPool({ host: "db" });

app.get("/users", (req, res) => {
  // ok: vigil.sast.js.sql-injection
  pool.query("SELECT * FROM users WHERE name = ?", [req.query.name], (err, rows) => res.json(rows));
});

app.get("/orders/:id", async (req, res) => {
  const id = parseInt(req.params.id, 10);
  // ok: vigil.sast.js.sql-injection
  const [rows] = await pool.promise().execute(`SELECT * FROM orders WHERE id = ${id}`);
  res.json(rows);
});
