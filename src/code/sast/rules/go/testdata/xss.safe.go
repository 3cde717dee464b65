package main

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
)

func hello(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ok: vigil.sast.go.xss
	fmt.Fprintf(w, "<h1>Hello %s</h1>", html.EscapeString(name))
}

func bio(w http.ResponseWriter, r *http.Request) {
	// ok: vigil.sast.go.xss
	page.Execute(w, r.FormValue("bio"))
}

var page = template.Must(template.New("p").Parse("<div>{{.}}</div>"))
