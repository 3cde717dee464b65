package main

import (
	"database/sql"
	"fmt"
	"net/http"
)

var db *sql.DB

func users(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: vigil.sast.go.sql-injection
	rows, err := db.Query("SELECT id FROM users WHERE name = '" + name + "'")
	if err != nil {
		return
	}
	defer rows.Close()
	q := fmt.Sprintf("DELETE FROM sessions WHERE user = '%s'", r.FormValue("user"))
	// ruleid: vigil.sast.go.sql-injection
	db.ExecContext(r.Context(), q)
}
