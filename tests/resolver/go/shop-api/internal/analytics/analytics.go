// Package analytics is the service's one door to Customer.io.
package analytics

import "github.com/acme/shop/internal/cio"

// One client for the whole process, built when the package is loaded.
var track = cio.New()

// Identify creates or updates a person.
func Identify(userID string, attrs map[string]any) error {
	return track.Identify(userID, attrs)
}

// TrackEvent records an event for a person.
func TrackEvent(userID, name string, data map[string]any) error {
	return track.Track(userID, name, data)
}
