package handlers

import customerio "github.com/customerio/go-customerio/v3"

// No logger in reach: what to do with the error is the author's call, so no fix.
func Sync(track *customerio.CustomerIO, id string) {
	_ = track.Identify(id, map[string]interface{}{"synced": true})
}
