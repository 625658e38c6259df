package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/octosync/octosync/internal/safewrite"
)

// dataFormat identifies the layout of a data file.
const dataFormat = "octosync-sandbox/1"

// dataFile is the data file's JSON document: everything needed to continue
// exactly where a sandbox stopped.
type dataFile struct {
	Format        string                        `json:"format"`
	LastID        uint64                        `json:"lastId"`
	Organizations []*organization               `json:"organizations"`
	Idempotency   map[string]*idempotencyRecord `json:"idempotency"`
	ExtraFields   ExtraFields                   `json:"extraFields,omitempty"`
}

// persister keeps the data file in step with the store. The file is only
// ever replaced whole, by rename, after its content reached the disk: a
// crash at any moment leaves either the old or the new file, both complete.
type persister struct {
	path   string
	last   []byte // the content of the last successful save
	closed bool   // set by Server.Close: the data file is no longer ours
}

// load reads the data file; a missing file is (nil, nil). Temporary files
// are never read; when locked, the caller holds the data file's lock, so
// they are leftovers of a killed sandbox and are removed (without the lock,
// another process may be writing one).
func (p *persister) load(locked bool) (*store, error) {
	if locked {
		p.removeTemps()
	}
	data, err := os.ReadFile(p.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	st, err := decodeStore(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.path, err)
	}
	p.last = data
	return st, nil
}

// lastGood decodes the state as last saved, to roll back a change whose
// save failed.
func (p *persister) lastGood() (*store, error) {
	if p.last == nil {
		return nil, errors.New("nothing saved yet")
	}
	return decodeStore(p.last)
}

func decodeStore(data []byte) (*store, error) {
	var df dataFile
	if err := json.Unmarshal(data, &df); err != nil {
		return nil, fmt.Errorf("sandbox data file is damaged: %w", err)
	}
	if df.Format != dataFormat {
		return nil, fmt.Errorf("sandbox data file has format %q, want %q", df.Format, dataFormat)
	}
	st := &store{LastID: df.LastID, Organizations: df.Organizations, Idempotency: df.Idempotency, Extra: df.ExtraFields}
	if err := st.reindex(); err != nil {
		return nil, fmt.Errorf("sandbox data file is inconsistent: %w", err)
	}
	return st, nil
}

// save writes the whole store by atomic replace.
func (p *persister) save(st *store) error {
	if p.closed {
		return fmt.Errorf("%s: the sandbox was closed, and another one may own the file now", p.path)
	}
	data := encodeStore(st)
	if err := writeFileAtomic(p.path, data); err != nil {
		return err
	}
	p.last = data
	return nil
}

// encodeStore renders the store as a dataFile document. It is written by
// hand because every write saves the whole store: each resource's encoding
// is cached until it changes, and snapshots, which are compact JSON already,
// are copied as they are (encoding/json would re-validate every one).
func encodeStore(st *store) []byte {
	var buf bytes.Buffer
	buf.WriteString(`{"format":`)
	writeJSONString(&buf, dataFormat)
	fmt.Fprintf(&buf, `,"lastId":%d,"organizations":[`, st.LastID)
	for i, o := range st.Organizations {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"name":`)
		writeJSONString(&buf, o.Name)
		keys, _ := json.Marshal(o.APIKeys) // cannot fail: strings only
		buf.WriteString(`,"apiKeys":`)
		buf.Write(keys)
		buf.WriteString(`,"businesses":[`)
		for j, b := range o.Businesses {
			if j > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString(`{"id":`)
			writeJSONString(&buf, b.ID)
			buf.WriteString(`,"slug":`)
			writeJSONString(&buf, b.Slug)
			buf.WriteString(`,"name":`)
			writeJSONString(&buf, b.Name)
			buf.WriteString(`,"resources":{`)
			first := true
			for _, k := range Kinds {
				list, ok := b.Resources[k]
				if !ok {
					continue
				}
				if !first {
					buf.WriteByte(',')
				}
				first = false
				writeJSONString(&buf, string(k))
				buf.WriteString(`:[`)
				for n, r := range list {
					if n > 0 {
						buf.WriteByte(',')
					}
					buf.Write(r.encoded())
				}
				buf.WriteByte(']')
			}
			buf.WriteByte('}')
			if len(b.Macros) > 0 {
				macros, _ := json.Marshal(b.Macros) // cannot fail: strings and times
				buf.WriteString(`,"macros":`)
				buf.Write(macros)
			}
			buf.WriteByte('}')
		}
		buf.WriteString(`]}`)
	}
	buf.WriteString(`],"idempotency":{`)
	keys := make([]string, 0, len(st.Idempotency))
	for k := range st.Idempotency {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		rec := st.Idempotency[k]
		if i > 0 {
			buf.WriteByte(',')
		}
		writeJSONString(&buf, k)
		buf.WriteString(`:{"fingerprint":`)
		buf.Write(rec.Fingerprint)
		buf.WriteString(`,"resourceId":`)
		writeJSONString(&buf, rec.ResourceID)
		buf.WriteString(`,"response":`)
		buf.Write(rec.Response)
		buf.WriteByte('}')
	}
	buf.WriteByte('}')
	if len(st.Extra) > 0 {
		extra, _ := json.Marshal(st.Extra) // cannot fail: valid JSON values
		buf.WriteString(`,"extraFields":`)
		buf.Write(extra)
	}
	buf.WriteString("}\n")
	return buf.Bytes()
}

// encoded is the resource's form in the data file, cached until it changes.
func (r *resource) encoded() []byte {
	if r.enc != nil {
		return r.enc
	}
	var buf bytes.Buffer
	buf.WriteString(`{"id":`)
	writeJSONString(&buf, r.ID)
	buf.WriteString(`,"kind":`)
	writeJSONString(&buf, string(r.Kind))
	fmt.Fprintf(&buf, `,"createdAt":"%s","updatedAt":"%s","deletedAt":`, formatTime(r.CreatedAt), formatTime(r.UpdatedAt))
	if r.DeletedAt != nil {
		buf.WriteString(`"` + formatTime(*r.DeletedAt) + `"`)
	} else {
		buf.WriteString("null")
	}
	buf.WriteString(`,"versions":[`)
	for i, v := range r.Versions {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"version":%d,"changeType":`, v.Version)
		writeJSONString(&buf, string(v.ChangeType))
		if v.RestoredFrom != nil {
			fmt.Fprintf(&buf, `,"restoredFrom":%d`, *v.RestoredFrom)
		} else {
			buf.WriteString(`,"restoredFrom":null`)
		}
		fmt.Fprintf(&buf, `,"createdAt":"%s","author":{"type":`, formatTime(v.CreatedAt))
		writeJSONString(&buf, v.Author.Type)
		buf.WriteString(`,"name":`)
		writeJSONString(&buf, v.Author.Name)
		buf.WriteString(`},"snapshot":`)
		buf.Write(v.Snapshot)
		buf.WriteByte('}')
	}
	buf.WriteString(`]}`)
	r.enc = buf.Bytes()
	return r.enc
}

// tempPattern matches the temporary files of path (safewrite's), so that
// leftovers can be found and removed.
func tempPattern(path string) string { return safewrite.TempPrefix(filepath.Base(path)) + "*" }

func (p *persister) removeTemps() {
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(p.path), tempPattern(p.path)))
	for _, f := range leftovers {
		os.Remove(f)
	}
}

// writeFileAtomic replaces path with data through safewrite: never through
// a symbolic link, flushed to disk before and after the rename. A new data
// file is readable by its owner only: it holds the API keys.
func writeFileAtomic(path string, data []byte) error {
	d, err := safewrite.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.WriteFile(filepath.Base(path), data, 0o600); err != nil {
		return fmt.Errorf("%s: %w", filepath.Dir(path), err)
	}
	return nil
}
