// Package jobs runs the nightly work.
package jobs

import (
	"log"

	"github.com/acme/worker/tracking"
)

// Nightly sends the digest event to every subscriber.
func Nightly(t *tracking.Tracker, subscribers []tracking.User) {
	for _, s := range subscribers {
		if err := send(t, s.Email); err != nil { // expect: mutable-customer-id unthrottled-loop
			log.Printf("nightly: %v", err)
		}
	}
}
