package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

func download(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("file"))
	// ok: vigil.sast.go.path-traversal
	data, err := os.ReadFile(filepath.Join("/srv/uploads", name))
	if err != nil {
		return
	}
	w.Write(data)
}

func serve(w http.ResponseWriter, r *http.Request) {
	p := filepath.Clean(filepath.Join("/srv/uploads", r.FormValue("file")))
	if !strings.HasPrefix(p, "/srv/uploads/") {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	// ok: vigil.sast.go.path-traversal
	http.ServeFile(w, r, p)
}
