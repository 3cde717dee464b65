package main

import (
	"net/http"
	"os"
	"path/filepath"
)

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: vigil.sast.go.path-traversal
	data, err := os.ReadFile(filepath.Join("/srv/uploads", name))
	if err != nil {
		return
	}
	w.Write(data)
}

func serve(w http.ResponseWriter, r *http.Request) {
	// ruleid: vigil.sast.go.path-traversal
	http.ServeFile(w, r, "/srv/uploads/"+r.FormValue("file"))
}
