package importer

import (
	"strings"
	"testing"
)

// FuzzHTMLToMarkdown feeds any HTML to the cleaner and converter: no
// panic, and no script or style survives as raw HTML.
func FuzzHTMLToMarkdown(f *testing.F) {
	for _, s := range []string{
		`<div>a</div><div><br></div><div>b</div>`,
		`a<br><br>b<a name="more"></a><!--more-->`,
		`<table class="tr-caption-container"><tr><td><img src="x"></td></tr><tr><td class="tr-caption">c</td></tr></table>`,
		`<figure><figcaption><figure><img></figure></figcaption></figure>`,
		`<ul><li><div><blockquote><div>q</div></blockquote></div></li></ul>`,
		`<p><iframe src="//www.youtube.com/embed/"></iframe><video><source></video></p>`,
		`<pre class="brush:">x</pre><script>alert(1)</script><style>p{}</style>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		md, err := HTMLToMarkdown(src, func(string) {})
		if err != nil {
			return
		}
		for _, bad := range []string{"<script", "<style", "<iframe", moreMarker} {
			if strings.Contains(strings.ToLower(md), strings.ToLower(bad)) && !strings.Contains(src, bad[1:]) {
				t.Errorf("%q in the Markdown of %q:\n%s", bad, src, md)
			}
		}
	})
}
