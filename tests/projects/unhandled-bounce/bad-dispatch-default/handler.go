package hooks

import (
	"encoding/json"
	"log"
	"net/http"
)

type reportingEvent struct {
	Metric  string `json:"metric"`
	EventID string `json:"event_id"`
	Data    struct {
		Identifiers map[string]string `json:"identifiers"`
	} `json:"data"`
}

func HandleReporting(w http.ResponseWriter, r *http.Request) {
	if !verifyCustomerIOSignature(r) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var ev reportingEvent
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	switch ev.Metric {
	case "delivered":
		store.MarkDelivered(ev.EventID)
	case "opened", "clicked":
		store.MarkEngaged(ev.Data.Identifiers["id"])
	default: // expect: unhandled-bounce, unhandled-complaint
		log.Printf("unhandled metric %s", ev.Metric)
	}
	w.WriteHeader(http.StatusOK)
}
