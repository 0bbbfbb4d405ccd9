package main

import (
	"log"
	"net/http"

	"github.com/acme/shop/internal/cio"
	"github.com/acme/shop/internal/handlers"
	"github.com/acme/shop/internal/jobs"
	"github.com/acme/shop/internal/services"
)

func main() {
	client := cio.New() // ok: built once at startup and injected
	notifier := services.NewNotifier(client)
	h := handlers.New(services.NewOnboarding("web"), notifier)
	go jobs.NewDigest(notifier).Run(nil)

	mux := http.NewServeMux()
	h.Routes(mux)
	log.Fatal(http.ListenAndServe(":8080", mux))
}
