package octocom

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/octosync/octosync/internal/version"
)

// Trace records every attempt of the clients it is given to (Options.Trace)
// as a HAR 1.2 entry: the format browser developer tools and HTTP debuggers
// open, for bug reports. Secrets never reach it: the values of X-API-Key,
// Authorization, Proxy-Authorization, Cookie and Set-Cookie are replaced by
// [redacted], a URL's user info is dropped, and the API key is replaced
// wherever else it appears (URLs, bodies, other headers). Safe for
// concurrent use.
type Trace struct {
	mu      sync.Mutex
	keys    []string
	entries []harEntry
}

// NewTrace returns an empty trace.
func NewTrace() *Trace { return &Trace{} }

// secretHeaders are the headers whose values a trace never holds.
var secretHeaders = []string{"X-Api-Key", "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"}

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the parts a
// trace fills.
type (
	harLog struct {
		Log struct {
			Version string     `json:"version"`
			Creator harCreator `json:"creator"`
			Entries []harEntry `json:"entries"`
		} `json:"log"`
	}
	harCreator struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	harEntry struct {
		StartedDateTime string      `json:"startedDateTime"`
		Time            float64     `json:"time"`
		Request         harRequest  `json:"request"`
		Response        harResponse `json:"response"`
		Cache           struct{}    `json:"cache"`
		Timings         harTimings  `json:"timings"`
		Error           string      `json:"_error,omitempty"` // no answer: why
	}
	harRequest struct {
		Method      string     `json:"method"`
		URL         string     `json:"url"`
		HTTPVersion string     `json:"httpVersion"`
		Cookies     []struct{} `json:"cookies"`
		Headers     []harPair  `json:"headers"`
		QueryString []harPair  `json:"queryString"`
		PostData    *harPost   `json:"postData,omitempty"`
		HeadersSize int        `json:"headersSize"`
		BodySize    int        `json:"bodySize"`
	}
	harResponse struct {
		Status      int        `json:"status"`
		StatusText  string     `json:"statusText"`
		HTTPVersion string     `json:"httpVersion"`
		Cookies     []struct{} `json:"cookies"`
		Headers     []harPair  `json:"headers"`
		Content     harContent `json:"content"`
		RedirectURL string     `json:"redirectURL"`
		HeadersSize int        `json:"headersSize"`
		BodySize    int        `json:"bodySize"`
	}
	harPair struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	harPost struct {
		MimeType string `json:"mimeType"`
		Text     string `json:"text"`
	}
	harContent struct {
		Size     int    `json:"size"`
		MimeType string `json:"mimeType"`
		Text     string `json:"text,omitempty"`
	}
	harTimings struct {
		Send    float64 `json:"send"`
		Wait    float64 `json:"wait"`
		Receive float64 `json:"receive"`
	}
)

// addKey makes t redact key too.
func (t *Trace) addKey(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if key != "" && !slices.Contains(t.keys, key) {
		t.keys = append(t.keys, key)
	}
}

// redact replaces every key in s.
func (t *Trace) redact(s string) string {
	for _, k := range t.keys {
		s = strings.ReplaceAll(s, k, redacted)
	}
	return s
}

func (t *Trace) headers(h http.Header) []harPair {
	out := []harPair{}
	for _, name := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[name] {
			if slices.Contains(secretHeaders, http.CanonicalHeaderKey(name)) {
				v = redacted
			}
			out = append(out, harPair{Name: name, Value: t.redact(v)})
		}
	}
	return out
}

// record adds one attempt: req with body, and ans or the error that ended
// it.
func (t *Trace) record(req *http.Request, body []byte, ans *answer, failure error, start time.Time, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	u := *req.URL
	u.User = nil
	e := harEntry{
		StartedDateTime: start.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		Time:            ms(d),
		Request: harRequest{
			Method: req.Method, URL: t.redact(u.String()), HTTPVersion: "HTTP/1.1", Cookies: []struct{}{},
			Headers: t.headers(req.Header), QueryString: []harPair{}, HeadersSize: -1, BodySize: len(body),
		},
		Response: harResponse{HTTPVersion: "HTTP/1.1", Cookies: []struct{}{}, Headers: []harPair{}, HeadersSize: -1, BodySize: -1},
		Timings:  harTimings{Send: 0, Wait: ms(d), Receive: 0},
	}
	q, _ := url.ParseQuery(u.RawQuery)
	for _, name := range slices.Sorted(maps.Keys(q)) {
		for _, v := range q[name] {
			e.Request.QueryString = append(e.Request.QueryString, harPair{Name: t.redact(name), Value: t.redact(v)})
		}
	}
	if body != nil {
		e.Request.PostData = &harPost{MimeType: "application/json", Text: t.redact(string(body))}
	}
	if ans != nil {
		e.Response.Status = ans.status
		e.Response.StatusText = http.StatusText(ans.status)
		e.Response.Headers = t.headers(ans.header)
		e.Response.BodySize = len(ans.body)
		e.Response.Content = harContent{Size: len(ans.body), MimeType: ans.header.Get("Content-Type"), Text: t.redact(string(ans.body))}
	} else if failure != nil {
		e.Error = t.redact(failure.Error())
	}
	t.entries = append(t.entries, e)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// HAR renders the trace: the entries in the order their attempts started.
func (t *Trace) HAR() ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var log harLog
	log.Log.Version = "1.2"
	log.Log.Creator = harCreator{Name: "octosync", Version: version.String()}
	log.Log.Entries = slices.Clone(t.entries)
	if log.Log.Entries == nil {
		log.Log.Entries = []harEntry{}
	}
	slices.SortStableFunc(log.Log.Entries, func(a, b harEntry) int { return strings.Compare(a.StartedDateTime, b.StartedDateTime) })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
