package main

import "net/http"

var themes = map[string]bool{"light": true, "dark": true}

func prefs(w http.ResponseWriter, r *http.Request) {
	session, _ := store.Get(r, "app")
	theme := "light"
	if themes[r.FormValue("theme")] {
		theme = "dark"
	}
	// ok: vigil.sast.go.trust-boundary
	session.Values["theme"] = theme
	session.Save(r, w)
}
