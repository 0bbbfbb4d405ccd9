package webhooks

import (
	"encoding/json"
	"log"
	"net/http"
)

type event struct {
	Metric     string `json:"metric"`
	ObjectType string `json:"object_type"`
	EventID    string `json:"event_id"`
}

func CustomerIOWebhook(w http.ResponseWriter, r *http.Request) {
	if !verifySignature(r) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var e event
	_ = json.NewDecoder(r.Body).Decode(&e)
	if e.Metric == "dropped" { // expect: unhandled-bounce
		log.Printf("dropped %s", e.EventID)
	}
	w.WriteHeader(http.StatusOK)
}
