package handlers

import (
	"log"
	"net/http"

	customerio "github.com/customerio/go-customerio/v3"
)

type Server struct {
	track  *customerio.CustomerIO
	logger *log.Logger
}

func (s *Server) Signup(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("id")
	s.logger.Printf("signup %s", id)
	_ = s.track.Identify(id, map[string]interface{}{"plan": "free"})
	s.track.Track(id, "signed_up", nil)
	w.WriteHeader(http.StatusCreated)
}
