package jekyll

import (
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/osteele/liquid/expressions"
)

// property reads a key of a map item, the way Jekyll's item_property reads
// a hash or a drop.
func property(item any, prop string) any {
	for _, key := range strings.Split(prop, ".") {
		m, ok := item.(map[string]any)
		if !ok {
			return nil
		}
		item = m[key]
	}
	return item
}

func where(a []any, prop string, value any) []any {
	want := toString(value)
	var out []any
	for _, item := range a {
		v := property(item, prop)
		if l, ok := v.([]any); ok {
			for _, e := range l {
				if toString(e) == want {
					out = append(out, item)
					break
				}
			}
			continue
		}
		if toString(v) == want || v == nil && value == nil {
			out = append(out, item)
		}
	}
	return out
}

// whereExp keeps the items for which a Liquid condition holds, with the
// item bound to name and the page's variables around it.
func whereExp(a []any, name string, expr expressions.Closure, all bool) ([]any, error) {
	var out []any
	for _, item := range a {
		v, err := expr.Bind(name, item).Evaluate()
		if err != nil {
			return nil, err
		}
		if b, isBool := v.(bool); v != nil && (!isBool || b) {
			out = append(out, item)
			if !all {
				break
			}
		}
	}
	return out, nil
}

func groupBy(a []any, prop string) []any {
	var out []any
	index := map[string]int{}
	for _, item := range a {
		name := toString(property(item, prop))
		i, ok := index[name]
		if !ok {
			i = len(out)
			index[name] = i
			out = append(out, map[string]any{"name": name, "items": []any{}, "size": 0})
		}
		g := out[i].(map[string]any)
		g["items"] = append(g["items"].([]any), item)
		g["size"] = len(g["items"].([]any))
	}
	return out
}

// sortBy is Jekyll's sort: by value, or by a property with nils first or
// last.
func sortBy(a []any, prop, nils string) []any {
	out := append([]any{}, a...)
	key := func(v any) any {
		if prop == "" {
			return v
		}
		return property(v, prop)
	}
	sort.SliceStable(out, func(i, j int) bool {
		x, y := key(out[i]), key(out[j])
		switch {
		case x == nil && y == nil:
			return false
		case x == nil:
			return nils != "last"
		case y == nil:
			return nils == "last"
		}
		return less(x, y)
	})
	return out
}

func less(x, y any) bool {
	if tx, ok := x.(time.Time); ok {
		if ty, ok := y.(time.Time); ok {
			return tx.Before(ty)
		}
	}
	fx, okx := toFloat(x)
	fy, oky := toFloat(y)
	if okx && oky {
		return fx < fy
	}
	return toString(x) < toString(y)
}

func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

func first(a []any) any {
	if len(a) == 0 {
		return nil
	}
	return a[0]
}

// toList reads a filter input as a list: a slice of any kind, a map's
// values in key order, or a single item.
func toList(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = v[k]
		}
		return out
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	}
	return []any{v}
}
