package graph

import (
	"net/http"

	"example.com/builder/customer"
)

func ContactUs(w http.ResponseWriter, r *http.Request) {
	if err := customer.LogContactQuery(r.FormValue("id"), r.FormValue("message")); err != nil {
		http.Error(w, "failed", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
