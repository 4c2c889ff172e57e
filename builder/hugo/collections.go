package hugo

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// in reports whether list (a slice, or a string) holds v.
func in(list, v any) bool {
	if s, ok := list.(string); ok {
		return strings.Contains(s, toString(v))
	}
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return false
	}
	for i := 0; i < rv.Len(); i++ {
		if equal(rv.Index(i).Interface(), v) {
			return true
		}
	}
	return false
}

// equal compares as Hugo's in does: numbers by value, the rest by string.
func equal(a, b any) bool {
	if isNumber(a) && isNumber(b) {
		return toFloat(a) == toFloat(b)
	}
	if reflect.TypeOf(a) != reflect.TypeOf(b) && (isNumber(a) || isNumber(b)) {
		return false
	}
	if ba, ok := a.(bool); ok {
		bb, ok := b.(bool)
		return ok && ba == bb
	}
	if _, ok := b.(bool); ok {
		return false
	}
	return toString(a) == toString(b)
}

func isNumber(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return true
	}
	return false
}

func isset(c, k any) bool {
	rv := reflect.ValueOf(c)
	switch rv.Kind() {
	case reflect.Map:
		return rv.MapIndex(reflect.ValueOf(toString(k))).IsValid()
	case reflect.Slice, reflect.Array:
		i := int(toInt(k))
		return i >= 0 && i < rv.Len()
	}
	return false
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		m[toString(kv[i])] = kv[i+1]
	}
	return m, nil
}

// merge merges maps from left to right: later keys win.
func merge(ms ...any) (map[string]any, error) {
	out := map[string]any{}
	for _, x := range ms {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("merge takes maps, not %T", x)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out, nil
}

func sliceOf(l any) ([]any, error) {
	if l == nil {
		return nil, nil
	}
	if s, ok := l.([]any); ok {
		return s, nil
	}
	rv := reflect.ValueOf(l)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, fmt.Errorf("%T is not a list", l)
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, nil
}

func first(n int, l any) (any, error) {
	s, err := sliceOf(l)
	if err != nil {
		return nil, err
	}
	return s[:min(max(n, 0), len(s))], nil
}

func last(n int, l any) (any, error) {
	s, err := sliceOf(l)
	if err != nil {
		return nil, err
	}
	return s[len(s)-min(max(n, 0), len(s)):], nil
}

func after(n int, l any) (any, error) {
	s, err := sliceOf(l)
	if err != nil {
		return nil, err
	}
	return s[min(max(n, 0), len(s)):], nil
}

func appendTo(a ...any) (any, error) {
	if len(a) < 2 {
		return nil, fmt.Errorf("append needs a list and values")
	}
	s, err := sliceOf(a[len(a)-1])
	if err != nil {
		return nil, err
	}
	return append(append([]any{}, s...), a[:len(a)-1]...), nil
}

func delimit(l any, sep ...string) string {
	var parts []string
	if m, ok := l.(map[string]any); ok {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, toString(m[k]))
		}
	} else {
		s, _ := sliceOf(l)
		for _, v := range s {
			parts = append(parts, toString(v))
		}
	}
	d := ""
	if len(sep) > 0 {
		d = sep[0]
	}
	if len(sep) > 1 && len(parts) > 1 {
		return strings.Join(parts[:len(parts)-1], d) + sep[1] + parts[len(parts)-1]
	}
	return strings.Join(parts, d)
}

func uniq(l any) []any {
	s, _ := sliceOf(l)
	var out []any
	for _, v := range s {
		if !in(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func seq(a ...any) ([]int, error) {
	from, step, to := int64(1), int64(1), int64(0)
	switch len(a) {
	case 1:
		to = toInt(a[0])
	case 2:
		from, to = toInt(a[0]), toInt(a[1])
	case 3:
		from, step, to = toInt(a[0]), toInt(a[1]), toInt(a[2])
	default:
		return nil, fmt.Errorf("seq takes one to three numbers")
	}
	if step == 0 || (to-from)/step > 10000 {
		return nil, fmt.Errorf("seq is too long")
	}
	if from > to && step > 0 {
		step = -step
	}
	var out []int
	for i := from; (step > 0 && i <= to) || (step < 0 && i >= to); i += step {
		out = append(out, int(i))
	}
	return out, nil
}
