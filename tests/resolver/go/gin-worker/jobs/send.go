package jobs

import "github.com/acme/worker/tracking"

func send(t *tracking.Tracker, id string) error {
	return t.Event(id, "nightly_digest")
}
