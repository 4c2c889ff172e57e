package builder

import "testing"

func TestRelURL(t *testing.T) {
	for _, c := range []struct{ base, p, want string }{
		{"/", "/posts/x/", "/posts/x/"},
		{"/", "posts/x/", "/posts/x/"},
		{"/", "/", "/"},
		{"/", "", "/"},
		{"/blog/", "/posts/x/", "/blog/posts/x/"},
		{"/blog/", "/blog/posts/x/", "/blog/posts/x/"},
		{"/blog/", "posts/x/", "/blog/posts/x/"},
		{"/blog/", "/", "/blog/"},
		{"/", "https://example.org/a", "https://example.org/a"},
		{"/blog/", "//cdn.example/a.png", "//cdn.example/a.png"},
		{"/blog/", "mailto:a@example.org", "mailto:a@example.org"},
		{"/blog/", "#top", "#top"},
	} {
		if got := relURL(c.base, c.p); got != c.want {
			t.Errorf("relURL(%q, %q) = %q, want %q", c.base, c.p, got, c.want)
		}
	}
}
