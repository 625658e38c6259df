package config

import (
	"errors"
	"strings"
	"testing"
)

func TestResolveAPITarget(t *testing.T) {
	tests := []struct {
		name                string
		flag, env, expected string
		wantURL, wantSource string
		wantErr             string
		wantMismatch        bool
	}{
		{name: "default", wantURL: DefaultAPIURL, wantSource: "the default"},
		{name: "env", env: "https://eu.octocom.example/rest/v1", wantURL: "https://eu.octocom.example/rest/v1", wantSource: APIURLEnv},
		{name: "flag wins", flag: "https://a.example/rest/v1", env: "https://b.example/rest/v1", wantURL: "https://a.example/rest/v1", wantSource: "--api-url"},
		{name: "expectation met", env: "https://API.octocom.example:443/rest/v1/", expected: "https://api.octocom.example/rest/v1", wantURL: "https://API.octocom.example:443/rest/v1/", wantSource: APIURLEnv},
		{name: "expectation of the default met", expected: DefaultAPIURL + "/", wantURL: DefaultAPIURL, wantSource: "the default"},
		{name: "repository names another host", expected: "https://attacker.example/rest/v1", wantMismatch: true,
			wantErr: "octosync.yaml: api.url is https://attacker.example/rest/v1, but the API key would go to https://api.octocom.ai/rest/v1 (the default); nothing was sent. If this repository is meant for that API, set OCTOCOM_API_URL=https://attacker.example/rest/v1 (or pass --api-url); otherwise correct api.url"},
		{name: "repository names loopback", env: "https://api.octocom.ai/rest/v1", expected: "http://127.0.0.1:9999/rest/v1", wantMismatch: true},
		{name: "other path", env: "https://api.octocom.ai/rest/v2", expected: "https://api.octocom.ai/rest/v1", wantMismatch: true},
		{name: "credentials never echoed", expected: "https://user:secret@x.example/rest/v1?token=secret#secret", wantMismatch: true},
		{name: "http to loopback", env: "http://127.0.0.1:8080/rest/v1", wantURL: "http://127.0.0.1:8080/rest/v1", wantSource: APIURLEnv},
		{name: "http to localhost", flag: "http://localhost:8080/rest/v1", wantURL: "http://localhost:8080/rest/v1", wantSource: "--api-url"},
		{name: "http to ::1", flag: "http://[::1]:8080/rest/v1", wantURL: "http://[::1]:8080/rest/v1", wantSource: "--api-url"},
		{name: "http elsewhere", env: "http://api.octocom.ai/rest/v1", wantErr: "OCTOCOM_API_URL http://api.octocom.ai/rest/v1: plain http:// would send the API key in clear text"},
		{name: "http to a loopback-looking name", env: "http://127.0.0.1.nip.io/rest/v1", wantErr: "plain http://"},
		{name: "not a URL", flag: "api.octocom.ai", wantErr: "--api-url (an invalid URL): not an absolute https URL"},
		{name: "ftp", flag: "ftp://x.example/", wantErr: "not an absolute https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveAPITarget(tt.flag, tt.env, tt.expected)
			var mm *APIURLMismatchError
			if errors.As(err, &mm) != tt.wantMismatch {
				t.Fatalf("mismatch error = %v, want %v", err, tt.wantMismatch)
			}
			if tt.wantErr == "" && !tt.wantMismatch {
				if err != nil || got.URL != tt.wantURL || got.Source != tt.wantSource {
					t.Fatalf("got %+v, %v; want %s from %s", got, err, tt.wantURL, tt.wantSource)
				}
				return
			}
			if err == nil {
				t.Fatalf("got %+v, want an error", got)
			}
			if got != (APITarget{}) {
				t.Errorf("a refused target was returned: %+v", got)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q\nwant it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error repeats credentials: %q", err)
			}
		})
	}
}
