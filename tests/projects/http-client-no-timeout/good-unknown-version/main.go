package main

import (
	"net/http"
	"os"

	"github.com/customerio/go-customerio/v3"
)

var track = customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY"), customerio.WithRegion(customerio.RegionEU)) // ok: go.mod does not name go-customerio: the version is unknown

func signup(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("user_id")
	if err := track.Identify(id, map[string]interface{}{"email": r.FormValue("email")}); err != nil {
		http.Error(w, "tracking failed", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func main() {
	http.HandleFunc("/signup", signup)
	http.ListenAndServe(":8080", nil)
}
