// Package handlers serves the shop's HTTP API.
package handlers

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"

	"github.com/acme/shop/internal/analytics"
	"github.com/acme/shop/internal/legacy"
	"github.com/acme/shop/internal/mailer"
	"github.com/acme/shop/internal/metrics"
	"github.com/acme/shop/internal/services"
)

// Handler holds the services the routes use.
type Handler struct {
	onboarding *services.Onboarding
	notifier   *services.Notifier
}

// New wires the handlers to their services.
func New(onboarding *services.Onboarding, notifier *services.Notifier) *Handler {
	return &Handler{onboarding: onboarding, notifier: notifier}
}

// Routes registers every route on mux.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/signup", h.Signup)
	mux.HandleFunc("/login", h.Login)
	mux.HandleFunc("/invite", h.Invite)
	mux.HandleFunc("/checkout", h.Checkout)
	mux.HandleFunc("/click", h.Click)
}

func (h *Handler) Signup(w http.ResponseWriter, r *http.Request) {
	var u services.User
	if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := h.onboarding.Register(u); err != nil { // expect: blocking-analytics
		log.Printf("register %s: %v", u.ID, err)
	}
	_ = metrics.TrackSegment(u.Email, "Signed Up")                 // ok: Segment, not Customer.io
	_ = metrics.TrackMixpanel(u.Email, "Signed Up")                // ok: Mixpanel, not Customer.io
	_ = metrics.NewCustomerIO("signup").Track(u.Email, "Signed Up") // ok: a project type named like the SDK's
	_ = legacy.Mirror(u.Email, "Signed Up")                        // ok: a fork of the SDK under another import path
	go h.notifier.Welcome(u.ID) // expect: unhandled-failure
	w.WriteHeader(http.StatusCreated)
}

func (h *Handler) Login(w http.ResponseWriter, r *http.Request) {
	if err := mailer.RecordLogin(r.FormValue("user_id")); err != nil { // expect: blocking-analytics
		log.Printf("login: %v", err)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (h *Handler) Invite(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Emails []string `json:"emails"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, email := range req.Emails {
		if err := h.onboarding.Invite(email); err != nil { // expect: mutable-customer-id unthrottled-loop blocking-analytics
			log.Printf("invite: %v", err)
		}
	}
	w.WriteHeader(http.StatusAccepted)
}

func (h *Handler) Checkout(w http.ResponseWriter, r *http.Request) {
	receipts := services.NewReceipts() // expect: client-per-request
	if err := receipts.Send(r.Context(), r.FormValue("order_id"), r.FormValue("user_id")); err != nil { // expect: blocking-analytics
		log.Printf("receipt: %v", err)
	}
	w.WriteHeader(http.StatusCreated)
}

func (h *Handler) Click(w http.ResponseWriter, r *http.Request) {
	userID, button := r.FormValue("user_id"), r.FormValue("button")
	go func() {
		if err := analytics.TrackEvent(userID, fmt.Sprintf("clicked_%s", button), nil); err != nil { // expect: dynamic-event-name
			log.Printf("click: %v", err)
		}
		if err := analytics.TrackEvent(userID, r.FormValue("event"), nil); err != nil { // ok: a variable, not a built name
			log.Printf("click: %v", err)
		}
	}()
	w.WriteHeader(http.StatusNoContent)
}
