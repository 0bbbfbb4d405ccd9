// Package handlers serves the worker's admin API.
package handlers

import (
	"net/http"

	"github.com/acme/worker/outbox"
	"github.com/acme/worker/tracking"
	"github.com/gin-gonic/gin"
	"golang.org/x/sync/errgroup"
)

// API holds what the routes use.
type API struct {
	tracker *tracking.Tracker
	auditor *tracking.AuditTracker
	queue   *outbox.TrackClient
}

// Register mounts the routes.
func (a *API) Register(r *gin.Engine) {
	r.POST("/signup", a.Signup)
	r.DELETE("/people/:id", a.Forget)
	r.POST("/export/:id", a.Export)
	r.POST("/sync", a.Sync)
}

type signupBody struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

func (a *API) Signup(c *gin.Context) {
	var body signupBody
	if err := c.BindJSON(&body); err != nil {
		return
	}
	err := a.tracker.Signup(body.ID, map[string]any{ // expect: blocking-analytics
		"email":      body.Email,
		"created_at": body.CreatedAt(), // ok: seconds
	})
	if err != nil {
		c.Error(err)
	}
	_ = a.queue.Track(body.Email, "Signed Up", nil)    // ok: a project type named like the SDK's
	_ = outbox.Mirror(body.Email, "Signed Up")          // ok: a fork with the SDK's package name
	c.Status(http.StatusCreated)
}

func (a *API) Forget(c *gin.Context) {
	if err := tracking.Forget(c.Param("id")); err != nil { // expect: client-per-request blocking-analytics
		c.Error(err)
	}
	c.Status(http.StatusNoContent)
}

func (a *API) Export(c *gin.Context) {
	if err := a.auditor.Event(c.Param("id"), "data_exported"); err != nil { // expect: blocking-analytics
		c.Error(err)
	}
	c.Status(http.StatusAccepted)
}

func (a *API) Sync(c *gin.Context) {
	var users []tracking.User
	if err := c.BindJSON(&users); err != nil {
		return
	}
	go func() {
		g := new(errgroup.Group)
		g.SetLimit(4)
		for _, u := range users {
			u := u
			g.Go(func() error {
				return a.tracker.Event(u.ID, "synced") // ok: at most 4 at once, off the request
			})
		}
		_ = g.Wait()
	}()
	for _, u := range users {
		go a.tracker.Event(u.ID, "sync_queued") // expect: unthrottled-loop unhandled-failure
	}
	c.Status(http.StatusAccepted)
}
