package hooks

import (
	"encoding/json"
	"net/http"
)

type cioEvent struct {
	Metric     string `json:"metric"`
	ObjectType string `json:"object_type"`
	Data       struct {
		CustomerID string `json:"customer_id"`
	} `json:"data"`
}

func Unsubscribes(w http.ResponseWriter, r *http.Request) { // expect: unhandled-bounce, unhandled-complaint
	if !verifyCustomerIOSignature(r) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var ev cioEvent
	_ = json.NewDecoder(r.Body).Decode(&ev)
	if ev.Metric == "unsubscribed" {
		users.Unsubscribe(ev.Data.CustomerID)
	}
	w.WriteHeader(http.StatusOK)
}
