package metrics

import (
	"os"

	segment "github.com/segmentio/analytics-go/v3"
)

var seg = segment.New(os.Getenv("SEGMENT_WRITE_KEY"))

// TrackSegment sends an event to Segment.
func TrackSegment(userID, event string) error {
	return seg.Enqueue(segment.Track{UserId: userID, Event: event})
}
