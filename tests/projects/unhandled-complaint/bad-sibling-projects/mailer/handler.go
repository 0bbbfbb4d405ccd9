package webhooks

import (
	"encoding/json"
	"net/http"
)

type event struct {
	Metric     string `json:"metric"`
	ObjectType string `json:"object_type"`
	EventID    string `json:"event_id"`
	CustomerID string `json:"customer_id"`
}

func CustomerIOWebhook(w http.ResponseWriter, r *http.Request) {
	if !verifySignature(r) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var e event
	_ = json.NewDecoder(r.Body).Decode(&e)
	if e.Metric == "spammed" { // ok: suppressed
		suppress(e.CustomerID)
	}
	w.WriteHeader(http.StatusOK)
}
