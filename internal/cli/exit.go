package cli

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/octosync/octosync/internal/ghactions"
	"github.com/octosync/octosync/internal/octocom"
	"github.com/octosync/octosync/internal/render"
)

// Exit statuses. plan --detailed-exitcode adds ExitChanges and ExitDrift.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitChanges     = 2
	ExitDrift       = 3
	ExitInterrupted = 130
)

// exitStatus is an error that carries the exit status a command wants. A
// nil Err means the command already reported everything it had to say.
type exitStatus struct {
	Code int
	Err  error
}

func (e *exitStatus) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *exitStatus) Unwrap() error { return e.Err }

// withCode makes err (possibly nil) end the program with code.
func withCode(code int, err error) error { return &exitStatus{Code: code, Err: err} }

// report prints err, if any, and decides the exit status: the one place that
// maps errors to statuses. Every line is escaped (render.Visible): errors
// carry text from the server and from files, which must not reach a
// terminal as control sequences.
func report(env *Env, err error) int {
	if err == nil {
		return ExitOK
	}
	code := ExitError
	var es *exitStatus
	if errors.As(err, &es) {
		code = es.Code
		err = es.Err
	}
	err = keyRefused(err)
	if err != nil && !ghactions.ReportFailure(env.Getenv, env.Stderr, err) {
		for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
			fmt.Fprintf(env.Stderr, "Error: %s\n", render.Visible(line))
		}
	}
	return code
}

// keyRefused says an error whose cause is the server refusing the API key
// (401, or 403) as that: the key is the subject, not whatever request
// happened to go first (the macros of a business, a page of a list). Any
// other error is returned as it is.
func keyRefused(err error) error {
	var apiErr *octocom.Error
	if !errors.As(err, &apiErr) {
		return err
	}
	at := apiErr.Method + " " + apiErr.Path
	switch apiErr.Status {
	case http.StatusUnauthorized:
		return fmt.Errorf("the API key was rejected (401 unauthorized, at %s): check OCTOCOM_API_KEY or --api-key-file, and that --api-url or OCTOCOM_API_URL is the key's organization", at)
	case http.StatusForbidden:
		msg := ""
		if apiErr.Message != "" {
			msg = ": " + apiErr.Message
		}
		return fmt.Errorf("the API key may not do this (403 forbidden, at %s%s): check the key's permissions, or use another with OCTOCOM_API_KEY or --api-key-file", at, msg)
	}
	return err
}

// trimArgs turns kong's command path ("plan <path>") into the words a user
// types ("plan").
func trimArgs(p string) string {
	var words []string
	for _, w := range strings.Fields(p) {
		if strings.HasPrefix(w, "<") {
			break
		}
		words = append(words, w)
	}
	return strings.Join(words, " ")
}
