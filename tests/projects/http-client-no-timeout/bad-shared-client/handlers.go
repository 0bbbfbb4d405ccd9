package main

import (
	"context"
	"net/http"

	"github.com/customerio/go-customerio/v3"
)

func resetPassword(w http.ResponseWriter, r *http.Request) {
	req := customerio.SendEmailRequest{
		TransactionalMessageID: "reset_password",
		To:                     r.FormValue("email"),
		Identifiers:            map[string]string{"email": r.FormValue("email")},
	}
	if _, err := appClient.SendEmail(context.Background(), &req); err != nil {
		http.Error(w, "mail failed", http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/reset", resetPassword)
	http.ListenAndServe(":8080", nil)
}
