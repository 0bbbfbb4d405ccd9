// Package outbox queues events for the data warehouse.
package outbox

import (
	"os"
	"time"

	customerio "github.com/mrz1836/go-customerio"
)

// TrackClient queues events locally; it only shares a name with the SDK's client.
type TrackClient struct {
	queue []string
}

// Track queues one event.
func (q *TrackClient) Track(id, name string, data map[string]any) error {
	q.queue = append(q.queue, id+":"+name)
	return nil
}

var mirror, _ = customerio.NewClient(customerio.WithTrackingKey(os.Getenv("TRACKING_SITE_ID"), os.Getenv("TRACKING_API_KEY")))

// Mirror copies an event through a fork of the SDK that shares its package name.
func Mirror(email, name string) error {
	return mirror.NewEvent(email, name, time.Now(), map[string]any{"at": time.Now().UnixMilli()})
}
