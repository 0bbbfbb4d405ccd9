package main

import (
	"log"
	"os"

	"github.com/customerio/go-customerio/v3"
)

// A nightly import: no request waits on it.
func main() {
	track := customerio.NewTrackClient(os.Getenv("CIO_SITE_ID"), os.Getenv("CIO_API_KEY")) // ok: called from a command, not a handler
	for _, id := range os.Args[1:] {
		if err := track.Identify(id, map[string]interface{}{"imported": true}); err != nil {
			log.Println(err)
		}
	}
}
