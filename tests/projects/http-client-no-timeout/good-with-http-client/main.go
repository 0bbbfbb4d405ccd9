package main

import (
	"net/http"
	"os"
	"time"

	"github.com/customerio/go-customerio/v3"
)

// ok: its own HTTP client with a timeout
var track = customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY"),
	customerio.WithHTTPClient(&http.Client{Timeout: 5 * time.Second}))

func signup(w http.ResponseWriter, r *http.Request) {
	if err := track.Identify(r.FormValue("user_id"), map[string]interface{}{"email": r.FormValue("email")}); err != nil {
		http.Error(w, "tracking failed", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/signup", signup)
	http.ListenAndServe(":8080", nil)
}
