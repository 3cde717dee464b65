package main

import "net/http"

func prefs(w http.ResponseWriter, r *http.Request) {
	session, _ := store.Get(r, "app")
	// ruleid: vigil.sast.go.trust-boundary
	session.Values["role"] = r.FormValue("role")
	session.Save(r, w)
}
