package main

import (
	"fmt"
	"html/template"
	"net/http"
)

func hello(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: vigil.sast.go.xss
	fmt.Fprintf(w, "<h1>Hello %s</h1>", name)
}

func bio(w http.ResponseWriter, r *http.Request) {
	// ruleid: vigil.sast.go.xss
	safe := template.HTML(r.FormValue("bio"))
	page.Execute(w, safe)
}

var page = template.Must(template.New("p").Parse("<div>{{.}}</div>"))
