package hugo

import (
	"fmt"
	"strconv"
	"strings"
)

// lowerKeys lower-cases map keys at every level, as Hugo reads config.
func lowerKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[strings.ToLower(k)] = lowerKeys(val)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[strings.ToLower(fmt.Sprint(k))] = lowerKeys(val)
		}
		return out
	case []any:
		for i := range x {
			x[i] = lowerKeys(x[i])
		}
		return x
	case []map[string]any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = lowerKeys(x[i])
		}
		return out
	}
	return v
}

// mergeInto merges src into dst; tables merge, other values replace.
func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				mergeInto(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

func author(v any) map[string]any {
	switch a := v.(type) {
	case string:
		if a != "" {
			return map[string]any{"name": a}
		}
	case map[string]any:
		if len(a) > 0 {
			return a
		}
	}
	return nil
}

func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func strs(v any) []string {
	switch s := v.(type) {
	case string:
		if s != "" {
			return []string{s}
		}
	case []any:
		var out []string
		for _, x := range s {
			out = append(out, str(x))
		}
		return out
	}
	return nil
}

func boolean(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case string:
		x, _ := strconv.ParseBool(b)
		return x
	}
	return false
}

func number(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case float64:
		return int(n), true
	case string:
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}

func mapOf(v any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return map[string]any{}
}
