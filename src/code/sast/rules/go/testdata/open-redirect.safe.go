package main

import "net/http"

var pages = map[string]string{"home": "/home", "account": "/account"}

func login(w http.ResponseWriter, r *http.Request) {
	target, ok := pages[r.URL.Query().Get("next")]
	if !ok {
		target = "/home"
	}
	// ok: vigil.sast.go.open-redirect
	http.Redirect(w, r, target, http.StatusFound)
}
