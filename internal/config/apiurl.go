package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// APIURLEnv is the environment variable through which the operator names
// the API base URL (the --api-url flag wins over it).
const APIURLEnv = "OCTOCOM_API_URL"

// APITarget is where the API key may be sent and who chose it.
type APITarget struct {
	// URL is the API base URL, as the operator gave it (or DefaultAPIURL).
	URL string
	// Source names who chose URL: "--api-url", APIURLEnv or "the default".
	Source string
}

// ResolveAPITarget decides where the API key goes. Only the operator
// decides: flagURL (--api-url), else envURL (OCTOCOM_API_URL), else
// DefaultAPIURL. expected is api.url from octosync.yaml, which the
// repository's author wrote and which anyone who can open a pull request
// can change: it is an expectation, never a destination. When it names
// another API than the operator's choice the answer is an error that says
// which variable to set, so a repository can neither redirect the key nor
// be applied to an organization it was not meant for by mistake.
//
// Plain http:// is accepted only for loopback hosts (a local sandbox): the
// key would cross the network in clear text anywhere else. Messages never
// repeat a URL's user info, query or fragment.
func ResolveAPITarget(flagURL, envURL, expected string) (APITarget, error) {
	t := APITarget{URL: DefaultAPIURL, Source: "the default"}
	switch {
	case strings.TrimSpace(flagURL) != "":
		t = APITarget{URL: strings.TrimSpace(flagURL), Source: "--api-url"}
	case strings.TrimSpace(envURL) != "":
		t = APITarget{URL: strings.TrimSpace(envURL), Source: APIURLEnv}
	}
	chosen, err := parseAPIURL(t.URL)
	if err != nil {
		return APITarget{}, fmt.Errorf("%s %s: %w", t.Source, DisplayURL(t.URL), err)
	}
	if expected == "" {
		return t, nil
	}
	want, err := url.Parse(strings.TrimSpace(expected))
	if err != nil || !sameAPI(chosen, want) {
		return APITarget{}, &APIURLMismatchError{Expected: expected, Target: t}
	}
	return t, nil
}

// APIURLMismatchError is ResolveAPITarget's error when octosync.yaml's
// api.url names another API than the one the key would be sent to.
type APIURLMismatchError struct {
	Expected string // api.url from octosync.yaml
	Target   APITarget
}

func (e *APIURLMismatchError) Error() string {
	return fmt.Sprintf("%s: api.url is %s, but the API key would go to %s (%s); nothing was sent. "+
		"If this repository is meant for that API, set %s=%s (or pass --api-url); otherwise correct api.url",
		FileName, DisplayURL(e.Expected), DisplayURL(e.Target.URL), e.Target.Source, APIURLEnv, DisplayURL(e.Expected))
}

// parseAPIURL accepts an absolute https URL, or an http URL to a loopback
// host.
func parseAPIURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("not an absolute https URL such as %s", DefaultAPIURL)
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		return nil, fmt.Errorf("plain http:// would send the API key in clear text: use https:// (http:// is accepted only for localhost, 127.0.0.1 and ::1)")
	}
	return u, nil
}

// sameAPI reports whether a and b name the same API root: scheme and host
// compared case-insensitively, default ports implied, paths compared
// without a trailing slash. User info, query and fragment do not count.
// SameAPI reports whether the API base URLs a and b name the same API
// (the rule api.url is checked by); false when either does not parse.
func SameAPI(a, b string) bool {
	ua, errA := url.Parse(strings.TrimSpace(a))
	ub, errB := url.Parse(strings.TrimSpace(b))
	return errA == nil && errB == nil && sameAPI(ua, ub)
}

func sameAPI(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(hostPort(a), hostPort(b)) &&
		strings.TrimRight(a.EscapedPath(), "/") == strings.TrimRight(b.EscapedPath(), "/")
}

func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// IsLoopback reports whether host (a name or an IP address, without port)
// is this machine: localhost or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// DisplayURL is raw safe to print: without user info, query or fragment,
// which may carry credentials. Text that does not parse as a URL is
// replaced by a placeholder rather than echoed.
func DisplayURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return "(an invalid URL)"
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return u.String()
}
