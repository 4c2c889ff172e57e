package jekyll

import (
	"path"
	"strings"
)

// DefaultsFor returns the front matter defaults for a document, merged as
// Jekyll's FrontmatterDefaults#all merges them: every entry whose scope
// path is a prefix (or glob) of the document's path and whose type matches
// applies, and a longer path, or a scope with a type at the same length,
// wins. The document's own front matter then wins over all of them.
// typ is "posts", "pages", "drafts" or a collection label.
func (c *Config) DefaultsFor(sourcePath, typ string) map[string]any {
	out := map[string]any{}
	var prev *Default
	for i := range c.Defaults {
		d := &c.Defaults[i]
		if d.HasType && d.Type != typ || !c.scopeApplies(d.Path, sourcePath) {
			continue
		}
		if prev == nil || precedes(prev, d) {
			out = deepMerge(out, d.Values)
			prev = d
		} else {
			out = deepMerge(d.Values, out)
		}
	}
	return out
}

// precedes is FrontmatterDefaults#has_precedence?.
func precedes(old, next *Default) bool {
	np, op := sanitizeScope(next.Path), sanitizeScope(old.Path)
	if len(np) != len(op) {
		return len(np) >= len(op)
	}
	return next.HasType || !old.HasType
}

func sanitizeScope(p string) string {
	return strings.TrimSuffix(strings.TrimPrefix(p, "/"), "/")
}

func (c *Config) scopeApplies(scope, sourcePath string) bool {
	scope = sanitizeScope(scope)
	if scope == "" {
		return true
	}
	if c.CollectionsDir != "" {
		scope = strings.TrimPrefix(scope, c.CollectionsDir+"/")
	}
	if strings.ContainsAny(scope, "*?[") {
		parts := strings.Split(sourcePath, "/")
		for i := 1; i <= len(parts); i++ {
			if ok, _ := path.Match(scope, strings.Join(parts[:i], "/")); ok {
				return true
			}
		}
		return false
	}
	return strings.HasPrefix(sourcePath, scope)
}

// deepMerge is Utils.deep_merge_hashes: over's keys win, tables merge.
func deepMerge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if bm, ok := out[k].(map[string]any); ok {
			if om, ok := v.(map[string]any); ok {
				out[k] = deepMerge(bm, om)
				continue
			}
		}
		out[k] = v
	}
	return out
}
