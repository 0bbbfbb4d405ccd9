package handlers

import "time"

// CreatedAt is when the sign-up happened, in unix seconds.
func (b signupBody) CreatedAt() int64 {
	return time.Now().Unix()
}
