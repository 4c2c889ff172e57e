package builder

import (
	"testing"
	"time"
)

// TestExpandPermalink fills every token, leaves colons that start no
// token as they are, and gives an undated post the year 1970.
func TestExpandPermalink(t *testing.T) {
	p := &Page{Slug: "hallo-wereld", Section: "Blog Posts", Date: time.Date(2009, 10, 2, 8, 0, 0, 0, time.UTC)}
	tests := []struct{ pattern, want string }{
		{"/:year/:month/:day/:slug/", "/2009/10/02/hallo-wereld/"},
		{"/:section/:title/", "/blog-posts/hallo-wereld-2/"},
		{"/:filename/", "/2009-10-02-hallo/"},
		{"/:slug/:slug/", "/hallo-wereld/hallo-wereld/"},
		{"/archief/:yearly/", "/archief/2009ly/"},
		{"/a:b/:unknown/x:", "/a:b/:unknown/x:/"},
		{"/../:slug", "/hallo-wereld/"},
	}
	for _, tt := range tests {
		if got := expandPermalink(tt.pattern, p, "Hallo wereld 2", "2009-10-02-hallo"); got != tt.want {
			t.Errorf("expandPermalink(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
	undated := &Page{Slug: "x"}
	if got := expandPermalink("/:year/:slug/", undated, "", ""); got != "/1970/x/" {
		t.Errorf("undated post: %q, want /1970/x/", got)
	}
}
