package jekyll

import (
	"reflect"
	"testing"
	"testing/fstest"
	"time"
)

func TestVars(t *testing.T) {
	fm := map[string]any{"tags": "go liquid", "layout": "post"}
	d := Doc{Path: "tech/_posts/2019-02-08-my-first-post.md", Collection: "posts", Date: time.Date(2019, 2, 8, 0, 0, 0, 0, time.UTC), Categories: []string{"tech"}}
	v := Vars(fm, d, Output{URL: "/tech/2019/02/08/my-first-post.html"})
	want := map[string]any{
		"layout": "post", "url": "/tech/2019/02/08/my-first-post.html", "path": d.Path, "slug": "my-first-post", "ext": ".md",
		"categories": []any{"tech"}, "tags": []any{"go", "liquid"}, "collection": "posts",
		"id": "/tech/2019/02/08/my-first-post", "date": d.Date, "title": "My First Post",
	}
	for k, w := range want {
		if !reflect.DeepEqual(v[k], w) {
			t.Errorf("%s: got %#v, want %#v", k, v[k], w)
		}
	}
	if got := Tags(map[string]any{"tag": "one tag", "tags": "x y"}); !reflect.DeepEqual(got, []string{"one tag"}) {
		t.Errorf("tag: wins and is kept whole: %v", got)
	}
}

func TestLoadData(t *testing.T) {
	fsys := fstest.MapFS{
		"_data/authors.yml":    {Data: []byte("anna:\n  name: Anna\n")},
		"_data/links.json":     {Data: []byte(`[{"url": "https://example.com"}]`)},
		"_data/menu/main.yaml": {Data: []byte("- home\n- blog\n")},
		"_data/prices.csv":     {Data: []byte("item,price\nkoffie,2\n")},
		"_data/.hidden.yml":    {Data: []byte("x: 1\n")},
		"_data/readme.txt":     {Data: []byte("not data")},
	}
	data, err := LoadData(fsys, "_data")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"authors": map[string]any{"anna": map[string]any{"name": "Anna"}},
		"links":   []any{map[string]any{"url": "https://example.com"}},
		"menu":    map[string]any{"main": []any{"home", "blog"}},
		"prices":  []any{map[string]any{"item": "koffie", "price": "2"}},
	}
	if !reflect.DeepEqual(data, want) {
		t.Errorf("got %#v\nwant %#v", data, want)
	}
	if d, err := LoadData(fsys, "_nodata"); err != nil || len(d) != 0 {
		t.Errorf("a missing folder: %v, %v", d, err)
	}
	fsys["_data/bad.yml"] = &fstest.MapFile{Data: []byte("a: [1\n")}
	if _, err := LoadData(fsys, "_data"); err == nil {
		t.Error("bad YAML: no error")
	}
}
