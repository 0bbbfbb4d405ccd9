package metrics

import (
	"os"

	"github.com/dukex/mixpanel"
)

var mp = mixpanel.New(os.Getenv("MIXPANEL_TOKEN"), "")

// TrackMixpanel sends an event to Mixpanel.
func TrackMixpanel(distinctID, event string) error {
	return mp.Track(distinctID, event, &mixpanel.Event{Properties: map[string]any{}})
}
