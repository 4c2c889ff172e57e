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
// digits, chosen so that they do not occur in the body, and unchanged by
// goldmark in text, links, attributes, headings and code) and every
// {{% %}} call is its output, spliced into the Markdown as Hugo does.
// Extension, added to the builder's converter, renders raw HTML that a
// {{% %}} template wrote as if raw HTML were on, piece by piece of each
// line, while HTML the writer typed (also inside the call) follows the
// site's setting; plain text of the writer's inside a block a template
// opened is kept. Expanded.ParseOption carries the ranges to goldmark.
// Template lines of {{% %}} output that start with a tag lose their
// indentation, so a template indented for legibility does not turn its own
// markup into code blocks (Hugo 0.55 and later do; the sites that wrote
// such templates were built before). Expanded.Finish puts the HTML in place
// of each placeholder, replacing a paragraph that holds nothing else, as
// Hugo does, so a shortcode on its own line is a block. Shortcodes inside
// code spans and fences run too, as in Hugo; {{</* x */>}} shows one.
//
// The builder's Markdown stage, per page:
//
//	x, err := eng.Expand(page, body) // err: *Error values, joined; x is complete
//	doc := md.Parser().Parse(text.NewReader(x.Markdown), x.ParseOption())
//	md.Renderer().Render(&buf, x.Markdown, doc)
//	html := x.Finish(buf.Bytes())    // also for the summary rendered from a prefix
//	// x.Warnings: file:line notes; x.Files: generated files (QR codes)
//
// and per site: NewEngine(&Site{...}, Options{Layouts: the layouts folder
// with the theme's beneath it, Markdown: the page converter built with
// Extension(unsafe)}). Options.SiteEmbeds runs a site's own youtube,
// vimeo, gist, x, tweet, twitter and instagram templates, which load the
// third party's player; without it kopij's click-to-load built-ins take
// their place.
//
// A call never closed before the next one ("{{< " in prose) is kept as
// text with a warning: it is not a call, and Hugo would refuse the page.
// An inline shortcode (NAME.inline) shows nothing, as in Hugo without
// enableInlineShortcodes. QR images are named qr_<hash>.png as in Hugo, but
// with kopij's own hash.
//
// # Permalinks and slugs
//
// Router gives each content file the URL Hugo gives it: the url front
// matter as written (a trailing slash added unless it has an extension),
// else the permalink pattern of its kind ("page", "section", "term",
// "taxonomy") and deepest matching section, else its content path, a slug
// replacing the file name (a bundle is named by its folder, _index.md is
// its section). Tokens: :year :month :monthname :day :weekday
// :weekdayname :yearday :section :sectionslug :sections :sectionslugs
// (with [n], [a:b], [last]) :title :slug :slugorfilename :filename
// :contentbasename :slugorcontentbasename, and Go time layouts (:2006,
// :01, :02, ...); \: is a literal colon, which Hugo's path rules then drop.
// The whole expanded path goes through Slugify (Hugo's urlize: dots,
// underscores, + ~ @ kept, other scripts kept, case lowered unless
// disablePathToLower, accents kept unless removePathAccents). With
// uglyURLs pages and terms end in ".html" and lists in "/index.html".
// URLs are root-relative and unescaped; the builder adds the base path.
//
// # Configuration
//
// ReadConfig reads hugo.toml|yaml|json or config.toml|yaml|json, then
// config/_default/ and config/production/ split files (params, menus,
// languages, permalinks, menus.en, ...), keys case-insensitive, and keys
// set only for the default language. Config holds what an import carries
// over; a malformed file is an error "file:line: what".
package hugo
