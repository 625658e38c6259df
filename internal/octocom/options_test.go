package octocom

import (
	"fmt"
	"strings"
	"testing"
)

func TestNewValidates(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string // "" = valid
	}{
		{"valid", Options{BaseURL: DefaultBaseURL, APIKey: "k"}, ""},
		{"trailing slash", Options{BaseURL: "http://127.0.0.1:8080/rest/v1/", APIKey: "k"}, ""},
		{"no url", Options{APIKey: "k"}, "octocom: no API URL: set --api-url or OCTOCOM_API_URL"},
		{"relative", Options{BaseURL: "/rest/v1", APIKey: "k"}, `octocom: API URL /rest/v1: must be an absolute http or https URL`},
		{"scheme", Options{BaseURL: "ftp://example.com", APIKey: "k"}, "must be an absolute http or https URL"},
		{"no host", Options{BaseURL: "https://", APIKey: "k"}, "must be an absolute http or https URL"},
		{"query", Options{BaseURL: "https://x.example/?a=1", APIKey: "k"}, "must not have a query"},
		{"no key", Options{BaseURL: DefaultBaseURL}, "octocom: no API key: set OCTOCOM_API_KEY or --api-key-file"},
		{"blank key", Options{BaseURL: DefaultBaseURL, APIKey: "  "}, "no API key"},
		{"negative", Options{BaseURL: DefaultBaseURL, APIKey: "k", Parallelism: -1}, "must not be negative"},
		{"negative timeout", Options{BaseURL: DefaultBaseURL, APIKey: "k", IdleTimeout: -1}, "timeouts must not be negative"},
		{"key with a newline", Options{BaseURL: DefaultBaseURL, APIKey: "sk-abc\ndef"}, "octocom: the API key holds a control character (byte 7), so it cannot be sent: check OCTOCOM_API_KEY or --api-key-file"},
		{"key with a NUL", Options{BaseURL: DefaultBaseURL, APIKey: "sk\x00"}, "control character (byte 3)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.opts)
			if tt.want == "" {
				if err != nil || c == nil {
					t.Fatalf("New = %v, %v", c, err)
				}
				if strings.HasSuffix(c.base, "/") {
					t.Fatalf("base %q keeps its trailing slash", c.base)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	c, err := New(Options{BaseURL: DefaultBaseURL, APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if c.slots.n != DefaultParallelism || c.maxAttempts != DefaultMaxAttempts || !strings.HasPrefix(c.userAgent, "octosync/") {
		t.Fatalf("defaults: parallelism %d, attempts %d, user agent %q", c.slots.n, c.maxAttempts, c.userAgent)
	}
	if c.hc.CheckRedirect == nil {
		t.Fatal("the default HTTP client must refuse redirects")
	}
	if c.limits != (attemptLimits{DefaultHeaderTimeout, DefaultIdleTimeout, DefaultRequestTimeout}) {
		t.Fatalf("attempt limits %+v, want the defaults", c.limits)
	}
}

func TestSecretsAreNotFormatted(t *testing.T) {
	const key = "sk-live-formatted-9f8e"
	opts := Options{BaseURL: "https://user:pw@api.example/rest/v1", APIKey: key, Parallelism: 3}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	holder := struct {
		Opts   Options
		Client *Client
		client *Client // unexported: printed through reflection
	}{opts, c, c}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for name, v := range map[string]any{"options": opts, "&options": &opts, "client": c, "holder": holder, "&holder": &holder} {
			s := fmt.Sprintf(verb, v)
			if strings.Contains(s, key) || strings.Contains(s, "pw@") {
				t.Errorf("%s of %s leaks: %s", verb, name, s)
			}
		}
	}
	if s := fmt.Sprintf("%+v", opts); !strings.Contains(s, "APIKey:[redacted]") || !strings.Contains(s, "Parallelism:3") {
		t.Errorf("%%+v = %s, want the fields with the key redacted", s)
	}
	if s := fmt.Sprintf("%#v", opts); !strings.HasPrefix(s, "octocom.Options{") || !strings.Contains(s, `APIKey:"[redacted]"`) {
		t.Errorf("%%#v = %s", s)
	}
	// The user name may be a token too: no user info is shown at all.
	if s := fmt.Sprintf("%+v", opts); !strings.Contains(s, "BaseURL:https://api.example/rest/v1") {
		t.Errorf("%%+v = %s, want the user info left out", s)
	}
	if s := fmt.Sprint(c); s != "octocom.Client(https://api.example/rest/v1)" {
		t.Errorf("client = %s", s)
	}
}

// TestErrorsNeverRepeatCredentialsOfTheURL: a URL's user info and query
// can hold credentials; no error of New repeats them.
func TestErrorsNeverRepeatCredentialsOfTheURL(t *testing.T) {
	for _, raw := range []string{
		"ftp://tok3n-user:s3cret@api.example/rest/v1",
		"https://api.example/rest/v1?key=s3cret&user=tok3n-user",
		"https://tok3n-user@api.example/rest/v1#s3cret",
		"::tok3n-user:s3cret@bad",
	} {
		_, err := New(Options{BaseURL: raw, APIKey: "k"})
		if err == nil {
			t.Fatalf("%s: accepted", raw)
		}
		if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "tok3n") {
			t.Errorf("%s: the error repeats a credential: %v", raw, err)
		}
	}
}
