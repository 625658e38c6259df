package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// responseBuffer holds a response until the fault injector has decided
// whether the client gets it.
type responseBuffer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newResponseBuffer() *responseBuffer {
	return &responseBuffer{header: http.Header{}}
}

func (b *responseBuffer) Header() http.Header { return b.header }

func (b *responseBuffer) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *responseBuffer) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *responseBuffer) copyTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range b.header {
		h[k] = v
	}
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	w.Write(b.body.Bytes())
}

// writeRaw sends a JSON body that is already encoded.
func writeRaw(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// writeJSON sends v as a JSON body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeError(w, errInternal("the response cannot be encoded: "+err.Error()))
		return
	}
	writeRaw(w, status, body)
}

// writeError sends the error body of e with its status.
func writeError(w http.ResponseWriter, e *APIError) {
	if e.Details == nil {
		e.Details = []FieldError{}
	}
	body, _ := json.Marshal(errorBody{Error: e}) // cannot fail: strings only
	writeRaw(w, e.Status, body)
}

// setETag sets the ETag header to the version, quoted: "3".
func setETag(w http.ResponseWriter, version int) {
	w.Header().Set("ETag", `"`+strconv.Itoa(version)+`"`)
}

// dropConnection closes the client's connection without sending anything.
// When the connection cannot be hijacked (HTTP/2, a recorder), it aborts the
// handler with http.ErrAbortHandler, which net/http turns into a reset
// stream without logging.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}
