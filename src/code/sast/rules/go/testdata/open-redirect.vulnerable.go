package main

import "net/http"

func login(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	// ruleid: vigil.sast.go.open-redirect
	http.Redirect(w, r, next, http.StatusFound)
}
