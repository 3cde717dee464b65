package main

import (
	"fmt"
	"net/http"
	"os/exec"
)

func ping(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: vigil.sast.go.command-injection
	out, _ := exec.Command("sh", "-c", "ping -c 1 "+host).Output()
	w.Write(out)
}

func runTool(name string) error {
	// ruleid: vigil.sast.go.command-injection
	return exec.Command(name, "--version").Run()
}

func tool(w http.ResponseWriter, r *http.Request) {
	if err := runTool(r.FormValue("tool")); err != nil {
		fmt.Fprintln(w, "failed")
	}
}
