package dates

import (
	"testing"
	"time"
)

func TestFileName(t *testing.T) {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	p := Parser{Location: ams}
	tests := []struct {
		path      string
		ok        bool
		date      string // 2006-01-02, midnight in the site zone
		slug, ext string
	}{
		{"_posts/2018-1-3-voornemens.md", true, "2018-01-03", "voornemens", ".md"},
		{"_posts/2009-10-12-title.markdown", true, "2009-10-12", "title", ".markdown"},
		{"tech/_posts/2019-02-08-release-1.8.3.md", true, "2019-02-08", "release-1.8.3", ".md"},
		{"_posts/18-1-3-kort.md", true, "2018-01-03", "kort", ".md"},
		{"_posts/2019-02-08-trailing...md", true, "2019-02-08", "trailing", ".md"},
		{"_posts/2019/2019-02-08-in-a-folder.html", true, "2019-02-08", "in-a-folder", ".html"},
		{"_posts/2019-02-08-.md", true, "2019-02-08", "", ".md"},
		{"_posts/voornemens.md", false, "", "", ""},
		{"_posts/2019-02-08.md", false, "", "", ""},
		{"_posts/2019-02-08-no-extension", false, "", "", ""},
		{"2019-02-08-dir/post.md", false, "", "", ""},
	}
	for _, tt := range tests {
		f, ok, err := p.FileName(tt.path)
		if ok != tt.ok || err != nil {
			t.Errorf("%s: ok %v err %v, want ok %v", tt.path, ok, err, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		want, _ := time.ParseInLocation("2006-01-02", tt.date, ams)
		if !f.Date.Time.Equal(want) || f.Slug != tt.slug || f.Ext != tt.ext {
			t.Errorf("%s: got %v %q %q, want %s %q %q", tt.path, f.Date.Time, f.Slug, f.Ext, tt.date, tt.slug, tt.ext)
		}
	}
	if _, ok, err := p.FileName("_posts/2019-13-45-bad.md"); !ok || err == nil {
		t.Errorf("a file name with an impossible date: ok %v err %v, want ok and an error", ok, err)
	}
}
