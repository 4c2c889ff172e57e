// Package hugo renders what a Hugo site's posts rely on, so a Hugo blog
// builds in kopij and keeps its URLs: shortcodes, permalinks and slugs, and
// the site configuration. It is an engine for the builder's Markdown stage
// and for kopij import hugo; it reads no files itself except through the
// fs.FS it is given, and knows nothing of kopij's own site model.
//
// # Shortcodes
//
// Parse splits a body into text and shortcode calls: {{< name args >}}
// (output is HTML, kept as is) and {{% name args %}} (output is Markdown,
// rendered with the page), paired with {{< /name >}} or self-closing
// {{< name />}}, nested, with positional or name=value parameters. Values
// are "quoted" (with \" escapes), `raw` (may span lines) or bare words;
// bare true/false, integers and decimals get Hugo's types. A comment,
// {{</* name */>}}, is shown literally as {{< name >}}, as Hugo shows it.
// Closing tags match the innermost open call of that name; an opening tag
// without a closing one stands alone.
//
// Engine.Expand runs the calls of one page. The built-ins are Hugo's:
//
//	figure     <figure> with img, link, caption (Markdown), title, attr
//	youtube    a link to the video: no iframe, nothing loaded until clicked
//	vimeo      likewise
//	gist       a link to the gist (USER ID [FILE])
//	x, tweet, twitter   a link to the post (user=, id=; or ID)
//	instagram  a link to the post
//	highlight  code as a fenced block renders (LANG ["linenos=table,hl_lines=2 4-5"])
//	details    <details> with summary=, open=, class=, name=, title=
//	param      a page param, else a site param
//	ref, relref   the absolute or relative URL of a page named by content path
//	qr         a QR code image, returned in Expanded.Files
//
// Embeds show <div class="embed embed-PROVIDER"><a href="ORIGINAL">, with
// an <img> when Options.Thumbnail knows a local thumbnail and the title
// (or "YouTube video" and the like) as text. A site's own
// layouts/shortcodes/NAME.html (and _shortcodes/) override the built-ins
// and run as html/template with Hugo's dot: .Get (index or name), .Inner,
// .InnerDeindent, .Params, .IsNamedParams, .Ordinal, .Parent, .Name,
// .Position, .Store/.Scratch, .Page (.Title .Params .Param .Date .Lastmod
// .PublishDate .Permalink .RelPermalink .Section .Type .Kind .Slug .Draft
// .Lang .Language .File .Resources .RenderString .GetPage .Store .Site)
// and .Site (.Title .BaseURL .Params .LanguageCode .Copyright .Author
// .GetPage .Home). Partials under layouts/partials/ can be called.
//
// Template functions (Engine.SupportedFunctions lists them all):
// safeHTML safeHTMLAttr safeCSS safeJS safeURL markdownify plainify
// htmlEscape htmlUnescape highlight relURL absURL relLangURL absLangURL
// urlize anchorize querify ref relref default cond in isset dict slice
// merge first last after append delimit uniq seq lower upper title
// humanize trim chomp replace replaceRE findRE split substr truncate
// hasPrefix hasSuffix countwords emojify add sub mul div mod int float
// string now dateFormat jsonify md5 sha1 sha256 base64Encode base64Decode
// errorf erroridf warnf warnidf partial T i18n site, Go's own (printf,
// len, index, eq, and, or, not, ...), and the namespaces strings.*,
// urls.*, path.*, math.*, transform.*, safe.*, collections.*, fmt.*,
// time.*. Anything else (resources.GetRemote, getJSON, images.*, ...)
// makes the template an error naming its file and line, reported by
// Engine.TemplateErrors and by each Expand that calls it.
//
// An unknown shortcode, a malformed call or a built-in without its
// arguments is a Warning with file and line; the reader sees nothing of
// it, or the inner content of an unknown paired shortcode. Never raw
// template text.
//
// # Markdown integration
//
// kopij renders Markdown with goldmark and raw HTML off. Expand returns
// Markdown in which every {{< >}} call is a placeholder (ASCII letters and
// digits, unchanged by goldmark in text, links, attributes and code) and
// every {{% %}} call is its output, as Hugo does. Extension (added to the
// builder's converter) renders raw HTML written by a {{% %}} template as
// if raw HTML were on, while HTML the writer typed (also inside the
// shortcode) follows the site's setting; Expanded.ParseOption carries the
// ranges to goldmark. Expanded.Finish puts the HTML in place of each
// placeholder, replacing a paragraph that holds nothing else (a shortcode
// on its own line is a block, as in Hugo). Shortcodes inside code spans
// and fenced code run too, as in Hugo; write {{</* x */>}} to show one.
//
// # Permalinks, slugs and configuration
//
// See Permalinks, Slugify and ReadConfig.
package hugo
