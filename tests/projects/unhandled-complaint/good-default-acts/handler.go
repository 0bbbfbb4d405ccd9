package hooks

import (
	"encoding/json"
	"net/http"
)

func Reporting(w http.ResponseWriter, r *http.Request) {
	if !verifyCustomerIOSignature(r) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var ev struct {
		Metric  string `json:"metric"`
		EventID string `json:"event_id"`
	}
	_ = json.NewDecoder(r.Body).Decode(&ev)
	if ev.Metric == "opened" {
		engagement.Record(ev.EventID)
	} else { // ok: every other metric goes to the delivery store
		deliveries.Record(ev.EventID, ev.Metric)
	}
	w.WriteHeader(http.StatusOK)
}
