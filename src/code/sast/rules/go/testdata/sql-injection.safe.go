package main

import (
	"database/sql"
	"net/http"
)

var db *sql.DB

func users(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ok: vigil.sast.go.sql-injection
	rows, err := db.Query("SELECT id FROM users WHERE name = $1", name)
	if err != nil {
		return
	}
	defer rows.Close()
}
