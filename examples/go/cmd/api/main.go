package main

import (
	"fmt"
	"net/http"
	"time"

	"github.com/acme/notify/internal/cio"
)

func signup(w http.ResponseWriter, r *http.Request) {
	email := r.FormValue("email")
	_ = cio.Client.Identify(email, map[string]interface{}{
		"plan":       r.FormValue("plan"),
		"created_at": time.Now().UnixMilli(),
	})
	cio.Client.Track(email, fmt.Sprintf("signed_up_%s", r.FormValue("plan")), nil)
	w.WriteHeader(http.StatusCreated)
}

func viewedPricing(w http.ResponseWriter, r *http.Request) {
	id := r.Header.Get("X-User-ID")
	if id == "" {
		id = "anonymous"
	}
	go func() { _ = cio.Client.Track(id, "viewed_pricing", nil) }()
	w.WriteHeader(http.StatusNoContent)
}

func resync(ids []string) {
	for _, id := range ids {
		_ = cio.Client.Identify(id, map[string]interface{}{"synced_at": time.Now()})
	}
}

func main() {
	http.HandleFunc("/signup", signup)
	http.HandleFunc("/pricing/viewed", viewedPricing)
	_ = http.ListenAndServe(":8080", nil)
}
