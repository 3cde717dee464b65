package main

import "net/http"

func login(w http.ResponseWriter, r *http.Request) {
	// ruleid: vigil.sast.go.insecure-cookie
	http.SetCookie(w, &http.Cookie{Name: "session", Value: newSession(), HttpOnly: true})
}
