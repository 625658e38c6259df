package octocom

import (
	"net/http"

	"github.com/octosync/octosync/internal/resource"
)

// The contract is everything this client relies on, in one place: each
// operation it sends (method, path, query parameters, request headers,
// request and answer schemas) and, per schema, each field it sends or reads
// with its JSON type. Three readers use it: the decoding of every answer
// (check.go: a field octosync reads that is missing or of another type is
// an error naming the request, the field and what was expected), `octosync
// doctor` against a live API, and `octosync doctor --spec` against a
// published OpenAPI document. Schema names are schema/openapi.yaml's;
// doctor's TestTheBundledSpecPromisesEverythingTheClientUses keeps
// the two in step.

// JSON types of Field.Type, as OpenAPI names them.
const (
	TypeString  = "string"
	TypeInteger = "integer"
	TypeBoolean = "boolean"
	TypeArray   = "array"
	TypeObject  = "object"
)

// Field is one field of a schema that the client sends or reads.
type Field struct {
	Name string
	// Type is the JSON type; Items the type of an array's elements, Schema
	// the schema of an object or of an array's object elements.
	Type   string
	Items  string
	Schema string
	// Format is "date-time" for timestamps the client parses.
	Format string
	// Nullable: null is a value the client accepts.
	Nullable bool
	// Required: the client relies on the field being in every answer
	// (for request schemas: the field is always sent).
	Required bool
	// Essential: without it the client cannot read the answer at all
	// (the list envelope, a resource's id and version), so its absence
	// is an error even where decoding tolerates other missing fields.
	Essential bool
}

// Schema is a named object shape.
type Schema struct {
	Name   string
	Fields []Field
}

// Operation is one request the client sends.
type Operation struct {
	Method string
	// Path is the OpenAPI path template, relative to the base URL.
	Path    string
	Query   []string
	Headers []string // request headers beyond X-API-Key, User-Agent, Accept, Content-Type
	Request string   // schema of the body sent; "" for none
	Answer  string   // schema of the 2xx body read; "" for none
}

// Kind-specific schema names, e.g. "Article", "ArticleList".
func schemaPrefix(k resource.Kind) string {
	switch k {
	case resource.KindWorkflow:
		return "Workflow"
	case resource.KindBotRule:
		return "BotRule"
	}
	return "Article"
}

// ResourceSchema, ListSchema, VersionSchema and VersionListSchema name the
// schemas of kind k's answers.
func ResourceSchema(k resource.Kind) string    { return schemaPrefix(k) }
func ListSchema(k resource.Kind) string        { return schemaPrefix(k) + "List" }
func VersionSchema(k resource.Kind) string     { return schemaPrefix(k) + "Version" }
func VersionListSchema(k resource.Kind) string { return schemaPrefix(k) + "VersionList" }

// variantSchema is a workflow variant's: its unknown keys are kept
// (resource.VariantKeys).
const variantSchema = "Variant"

func snapshotSchema(k resource.Kind) string { return schemaPrefix(k) + "Snapshot" }
func inputSchema(k resource.Kind) string    { return schemaPrefix(k) + "Input" }

// ParamTypes are the JSON types of the parameters and request headers
// the client sends.
var ParamTypes = map[string]string{
	"page": TypeInteger, "includeDeleted": TypeBoolean, "If-Match": TypeString, "Idempotency-Key": TypeString,
}

// Schemas are the schemas of the contract, by name.
var Schemas = buildSchemas()

// Operations are the requests of the contract, sorted by path, then method.
var Operations = buildOperations()

func str(name string) Field { return Field{Name: name, Type: TypeString, Required: true} }
func integer(name string) Field {
	return Field{Name: name, Type: TypeInteger, Required: true}
}
func essential(f Field) Field   { f.Essential = true; return f }
func boolean(name string) Field { return Field{Name: name, Type: TypeBoolean, Required: true} }
func timestamp(name string) Field {
	return Field{Name: name, Type: TypeString, Format: "date-time", Required: true}
}
func strings_(name string) Field {
	return Field{Name: name, Type: TypeArray, Items: TypeString, Required: true}
}
func object(name, schema string) Field {
	return Field{Name: name, Type: TypeObject, Schema: schema, Required: true}
}
func list(item string) []Field {
	return []Field{
		{Name: "data", Type: TypeArray, Items: TypeObject, Schema: item, Required: true, Essential: true},
		essential(object("pagination", "Pagination")),
	}
}

// contentFields are the writable fields of kind k as the client sends and
// reads them: resource.FieldNames(k), typed. The fields the API has no
// default for (its input schemas require them) are essential: an answer
// without one cannot be read, where a missing list or enabled takes the
// API's default.
func contentFields(k resource.Kind) []Field {
	switch k {
	case resource.KindWorkflow:
		return []Field{
			essential(str("title")), essential(str("trigger")), essential(str("instructions")), strings_("actions"),
			{Name: "conditionProvider", Type: TypeString, Nullable: true, Required: true},
			{Name: "variants", Type: TypeArray, Items: TypeObject, Schema: variantSchema, Required: true},
			boolean("enabled"),
		}
	case resource.KindBotRule:
		return []Field{essential(str("title")), essential(str("content")), boolean("enabled")}
	}
	return []Field{essential(str("title")), str("content"), essential(str("language")), strings_("tags"), boolean("enabled")}
}

func buildSchemas() map[string]Schema {
	s := map[string]Schema{}
	add := func(name string, fields ...Field) { s[name] = Schema{Name: name, Fields: fields} }
	add("Pagination", essential(integer("page")), essential(integer("pageSize")), essential(integer("totalItems")), essential(integer("totalPages")))
	add("Business", essential(str("id")), essential(str("slug")), str("name"))
	add("BusinessList", list("Business")...)
	add("Author", str("type"), str("name"))
	add(variantSchema, essential(str("name")), Field{Name: "condition", Type: TypeString}, essential(str("instructions")))
	add("Macro", essential(str("id")), str("title"), str("content"), timestamp("updatedAt"))
	add("MacroList", list("Macro")...)
	for _, k := range resource.Kinds {
		add(inputSchema(k), contentFields(k)...)
		add(snapshotSchema(k), contentFields(k)...)
		meta := []Field{
			essential(str("id")), essential(integer("version")), timestamp("createdAt"), timestamp("updatedAt"),
			{Name: "deletedAt", Type: TypeString, Format: "date-time", Nullable: true, Required: true},
		}
		add(ResourceSchema(k), append(meta, contentFields(k)...)...)
		add(ListSchema(k), list(ResourceSchema(k))...)
		add(VersionSchema(k), essential(integer("version")), str("changeType"),
			Field{Name: "restoredFrom", Type: TypeInteger, Nullable: true, Required: true},
			timestamp("createdAt"), object("author", "Author"), object("snapshot", snapshotSchema(k)))
		add(VersionListSchema(k), list(VersionSchema(k))...)
	}
	// The Bot Conversations endpoints (conversation.go). A reply's
	// workflow and articles may be absent: the API then does not report
	// them, which conversation tests tell from reporting none.
	add("ConversationInput")
	add("Conversation", essential(str("id")))
	add("MessageInput", str("content"))
	add("ResourceRef", str("id"), str("title"))
	add("BotReply", essential(str("content")), boolean("handedOff"),
		Field{Name: "workflow", Type: TypeObject, Schema: "ResourceRef", Nullable: true},
		Field{Name: "articles", Type: TypeArray, Items: TypeObject, Schema: "ResourceRef"})
	add("FieldError", str("field"), str("message"))
	add("ErrorBody", str("code"), str("message"), Field{Name: "details", Type: TypeArray, Items: TypeObject, Schema: "FieldError"})
	add("Error", object("error", "ErrorBody"))
	return s
}

func buildOperations() []Operation {
	ops := []Operation{{Method: http.MethodGet, Path: "/businesses", Query: []string{"page"}, Answer: "BusinessList"}}
	for _, k := range resource.Kinds {
		coll := "/businesses/{slug}/" + k.Dir()
		item := coll + "/{id}"
		ops = append(ops,
			Operation{Method: http.MethodGet, Path: coll, Query: []string{"page", "includeDeleted"}, Answer: ListSchema(k)},
			Operation{Method: http.MethodPost, Path: coll, Headers: []string{"Idempotency-Key"}, Request: inputSchema(k), Answer: ResourceSchema(k)},
			Operation{Method: http.MethodGet, Path: item, Answer: ResourceSchema(k)},
			Operation{Method: http.MethodPut, Path: item, Headers: []string{"If-Match"}, Request: inputSchema(k), Answer: ResourceSchema(k)},
			Operation{Method: http.MethodDelete, Path: item, Headers: []string{"If-Match"}},
			Operation{Method: http.MethodGet, Path: item + "/versions", Query: []string{"page"}, Answer: VersionListSchema(k)},
			Operation{Method: http.MethodGet, Path: item + "/versions/{n}", Answer: VersionSchema(k)},
			Operation{Method: http.MethodPost, Path: item + "/versions/{n}/restore", Headers: []string{"If-Match"}, Answer: ResourceSchema(k)},
		)
	}
	ops = append(ops,
		Operation{Method: http.MethodGet, Path: "/businesses/{slug}/macros", Query: []string{"page"}, Answer: "MacroList"},
		Operation{Method: http.MethodPost, Path: "/businesses/{slug}/conversations", Request: "ConversationInput", Answer: "Conversation"},
		Operation{Method: http.MethodPost, Path: "/businesses/{slug}/conversations/{id}/messages", Request: "MessageInput", Answer: "BotReply"},
	)
	return ops
}
