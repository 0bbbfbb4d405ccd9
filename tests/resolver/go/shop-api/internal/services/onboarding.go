package services

import "github.com/acme/shop/internal/analytics"

// Onboarding records sign-ups and invitations.
type Onboarding struct {
	source string
}

// NewOnboarding returns an Onboarding that tags events with their source.
func NewOnboarding(source string) *Onboarding {
	return &Onboarding{source: source}
}

// Register identifies a new user and records the sign-up.
func (o *Onboarding) Register(u User) error {
	err := analytics.Identify(u.ID, map[string]any{
		"email":      u.Email,
		"plan":       u.Plan,
		"created_at": u.CreatedAt.Unix(),
	})
	if err != nil {
		return err
	}
	return analytics.TrackEvent(u.ID, "signed_up", map[string]any{"source": o.source})
}

// Invite records an invitation sent to someone.
func (o *Onboarding) Invite(invitee string) error {
	return analytics.TrackEvent(invitee, "invited", map[string]any{"source": o.source})
}
