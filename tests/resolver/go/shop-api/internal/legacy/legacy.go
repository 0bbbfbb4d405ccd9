// Package legacy mirrors events to the old workspace through a fork of the SDK.
package legacy

import (
	"os"

	"github.com/acme-forks/go-customerio/v3"
)

var client = customerio.NewTrackClient(os.Getenv("LEGACY_SITE_ID"), os.Getenv("LEGACY_API_KEY"))

// Mirror records an event in the legacy workspace.
func Mirror(email, event string) error {
	return client.Track(email, event, map[string]any{"sent_at": 1700000000000})
}
