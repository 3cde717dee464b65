package main

import "net/http"

func login(w http.ResponseWriter, r *http.Request) {
	// ok: vigil.sast.go.insecure-cookie
	http.SetCookie(w, &http.Cookie{Name: "session", Value: newSession(), Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}
