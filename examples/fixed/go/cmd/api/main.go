package main

import (
	"context"
	"log"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/acme/notify/internal/cio"
)

var limiter = rate.NewLimiter(50, 10)

func signup(w http.ResponseWriter, r *http.Request) {
	userID := r.FormValue("user_id")
	email := r.FormValue("email")
	plan := r.FormValue("plan")
	go func() {
		if err := cio.Client.Identify(userID, map[string]interface{}{
			"email":      email,
			"plan":       plan,
			"created_at": time.Now().Unix(),
		}); err != nil {
			log.Printf("customer.io identify: %v", err)
			return
		}
		if err := cio.Client.Track(userID, "signed_up", map[string]interface{}{"plan": plan}); err != nil {
			log.Printf("customer.io track: %v", err)
		}
	}()
	w.WriteHeader(http.StatusCreated)
}

func viewedPricing(w http.ResponseWriter, r *http.Request) {
	// Anonymous visitors are tracked by the browser SDK with its anonymous id, which the
	// identify at sign-up merges; the server only tracks people it knows.
	if id := r.Header.Get("X-User-ID"); id != "" {
		go func() {
			if err := cio.Client.Track(id, "viewed_pricing", nil); err != nil {
				log.Printf("customer.io track: %v", err)
			}
		}()
	}
	w.WriteHeader(http.StatusNoContent)
}

func resync(ctx context.Context, ids []string) {
	for _, id := range ids {
		if err := limiter.Wait(ctx); err != nil {
			return
		}
		if err := cio.Client.Identify(id, map[string]interface{}{"synced_at": time.Now().Unix()}); err != nil {
			log.Printf("customer.io identify: %v", err)
		}
	}
}

func main() {
	http.HandleFunc("/signup", signup)
	http.HandleFunc("/pricing/viewed", viewedPricing)
	_ = http.ListenAndServe(":8080", nil)
}
