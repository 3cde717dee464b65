package main

import (
	"net/http"
	"os/exec"
	"strconv"
)

var allowed = map[string]bool{"example.com": true}

func ping(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ok: vigil.sast.go.command-injection
	out, _ := exec.Command("ping", "-c", "1", host).Output()
	w.Write(out)
}

func count(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("n"))
	if err != nil {
		return
	}
	// ok: vigil.sast.go.command-injection
	out, _ := exec.Command("sh", "-c", "seq "+strconv.Itoa(n)).Output()
	w.Write(out)
}
