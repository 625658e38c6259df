package resource

// Spec is the writable content of one resource: exactly what a create or a
// full-replacement update sends, and what a version snapshot holds.
// Implementations are the value types Article, Workflow and BotRule.
type Spec interface {
	// Kind is the kind this content belongs to.
	Kind() Kind
	// GetTitle is the resource's title, its identity when no id is known.
	GetTitle() string
	// Fields lists every field in canonical order with normalized values.
	Fields() []Field
	// Normalize returns the canonical copy: text normalized, nil lists
	// replaced by empty ones, an empty condition provider made nil.
	Normalize() Spec
}

// Article is a knowledge-base article; Content is Markdown.
type Article struct {
	Title    string   `json:"title"`
	Content  string   `json:"content"`
	Language string   `json:"language"`
	Tags     []string `json:"tags"`
	Enabled  bool     `json:"enabled"`
}

// Variant is one alternative of a workflow: the first variant whose
// condition holds replaces the workflow's default instructions.
type Variant struct {
	Name         string `json:"name"`
	Condition    string `json:"condition"`
	Instructions string `json:"instructions"`
}

// Workflow is a multi-step playbook. ConditionProvider is the Python source
// of evaluate_conditions(context), or nil when the workflow has none.
type Workflow struct {
	Title             string    `json:"title"`
	Trigger           string    `json:"trigger"`
	Instructions      string    `json:"instructions"`
	Actions           []string  `json:"actions"`
	ConditionProvider *string   `json:"conditionProvider"`
	Variants          []Variant `json:"variants"`
	Enabled           bool      `json:"enabled"`
}

// BotRule is a short always-on instruction.
type BotRule struct {
	Title   string `json:"title"`
	Content string `json:"content"`
	Enabled bool   `json:"enabled"`
}

var (
	_ Spec = Article{}
	_ Spec = Workflow{}
	_ Spec = BotRule{}
)

func (Article) Kind() Kind  { return KindArticle }
func (Workflow) Kind() Kind { return KindWorkflow }
func (BotRule) Kind() Kind  { return KindBotRule }

func (a Article) GetTitle() string  { return a.Title }
func (w Workflow) GetTitle() string { return w.Title }
func (r BotRule) GetTitle() string  { return r.Title }

// Normalize implements Spec.
func (a Article) Normalize() Spec {
	a.Title = NormalizeLine(a.Title)
	a.Content = NormalizeText(a.Content)
	a.Language = NormalizeLine(a.Language)
	a.Tags = normalizeList(a.Tags)
	return a
}

// Normalize implements Spec.
func (w Workflow) Normalize() Spec {
	w.Title = NormalizeLine(w.Title)
	w.Trigger = NormalizeText(w.Trigger)
	w.Instructions = NormalizeText(w.Instructions)
	w.Actions = normalizeList(w.Actions)
	if w.ConditionProvider != nil {
		code := NormalizeText(*w.ConditionProvider)
		if Blank(code) { // the server treats a blank provider as none
			w.ConditionProvider = nil
		} else {
			w.ConditionProvider = &code
		}
	}
	vs := make([]Variant, len(w.Variants))
	for i, v := range w.Variants {
		vs[i] = Variant{
			Name:         NormalizeLine(v.Name),
			Condition:    NormalizeLine(v.Condition),
			Instructions: NormalizeText(v.Instructions),
		}
	}
	w.Variants = vs
	return w
}

// Normalize implements Spec.
func (r BotRule) Normalize() Spec {
	r.Title = NormalizeLine(r.Title)
	r.Content = NormalizeText(r.Content)
	return r
}

func normalizeList(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = NormalizeLine(s)
	}
	return out
}
