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
		{"relative", Options{BaseURL: "/rest/v1", APIKey: "k"}, `octocom: API URL "/rest/v1": must be an absolute http or https URL`},
		{"scheme", Options{BaseURL: "ftp://example.com", APIKey: "k"}, "must be an absolute http or https URL"},
		{"no host", Options{BaseURL: "https://", APIKey: "k"}, "must be an absolute http or https URL"},
		{"query", Options{BaseURL: "https://x.example/?a=1", APIKey: "k"}, "must not have a query"},
		{"no key", Options{BaseURL: DefaultBaseURL}, "octocom: no API key: set OCTOCOM_API_KEY or --api-key-file"},
		{"blank key", Options{BaseURL: DefaultBaseURL, APIKey: "  "}, "no API key"},
		{"negative", Options{BaseURL: DefaultBaseURL, APIKey: "k", Parallelism: -1}, "must not be negative"},
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
	if cap(c.sem) != DefaultParallelism || c.maxAttempts != DefaultMaxAttempts || !strings.HasPrefix(c.userAgent, "octosync/") {
		t.Fatalf("defaults: parallelism %d, attempts %d, user agent %q", cap(c.sem), c.maxAttempts, c.userAgent)
	}
	if c.hc.CheckRedirect == nil || c.hc.Timeout == 0 {
		t.Fatal("the default HTTP client must refuse redirects and time out")
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
	if s := fmt.Sprintf("%+v", opts); !strings.Contains(s, "BaseURL:https://user:xxxxx@api.example/rest/v1") {
		t.Errorf("%%+v = %s, want the password masked", s)
	}
	if s := fmt.Sprint(c); s != "octocom.Client(https://user:xxxxx@api.example/rest/v1)" {
		t.Errorf("client = %s", s)
	}
}
