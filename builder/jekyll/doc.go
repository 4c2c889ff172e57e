// Package jekyll renders what a Jekyll site's posts and pages carry beyond
// Markdown, and puts each document at the URL Jekyll 4 gives it: Liquid,
// kramdown's extensions, permalinks and slugs, and _config.yml. It reads
// through an fs.FS, never writes, and knows nothing of kopij's builder;
// the builder calls it from its stages.
//
// # Site setup
//
// [ParseConfig] reads _config.yml into a [Config]: title, url and baseurl,
// lang, timezone, permalink, collections, paginate and paginate_path,
// author, defaults, exclude and include, the kramdown options that change
// output, and plugins ([Config.Aliases] for jekyll-redirect-from,
// [Config.Plugin] for jekyll-paginate). Errors read "_config.yml:12: what is
// wrong (how to fix it)". Config.Vars keeps every key for site.* in Liquid.
//
// [NewRenderer] takes a [Site] once per build: the site folder, site.*
// variables (the builder adds posts, pages, tags, categories, data and each
// collection's documents, as maps with title, url, date, categories, tags,
// excerpt and their front matter), the base path, the zone, the source paths
// of all posts and a URL callback (source path to published URL, for
// {% link %} and {% post_url %}; static files answer with their own path).
// A Renderer is safe for concurrent use.
//
// # Per document
//
// Front matter stage: [Config.DefaultsFor] gives the defaults: values for
// a path and type, which the document's own keys override; [Categories]
// gives the categories Jekyll sees (folders above _posts, then
// categories:, then category:); the date comes from builder/dates
// (Parser.Node with YAMLTimesUTC, Parser.FileName; Jekyll reads no file in
// _posts without a date in its name) and whether the post is published from
// dates.Visibility.Jekyll.
//
// URL stage: [Config.Locate] takes a [Doc] and returns the URL and the file
// Jekyll writes: the front matter permalink, else the collection's, else
// the site's style (date, pretty, ordinal, weekdate, none or a template),
// with the tokens :categories :slugified_categories :title :slug :name
// :path :basename :collection :output_ext :year :month :i_month
// :short_month :long_month :day :i_day :y_day :short_year :w_year :week
// :w_day :short_day :long_day :hour :minute :second, the date in the site's
// zone. A URL without a trailing slash is written to a .html file
// ("/about" is about.html), as Jekyll does; the builder must serve or
// redirect it. [Slugify] and [SlugifyCased] are Jekyll's slugify in its
// modes default, raw, pretty, ascii, latin and none.
//
// Markdown stage: [Renderer.Render] takes a [Page] (source path, the body
// and its first line, page.* variables: front matter plus url, date, title,
// slug, categories, tags, path, id) and returns a [Result]: Markdown for
// goldmark, [Fragments] and warnings. Render the Markdown with the
// builder's goldmark plus [NewKramdown], then call Result.Fragments.Restore
// on the HTML. markdownify needs Site.Markdownify, the same goldmark.
//
// # Liquid
//
// github.com/osteele/liquid runs Liquid with Jekyll's tags: highlight
// (with linenos), raw, link, post_url, include (with parameters as
// include.*, and a file name written with {{ }}), include_relative;
// Liquid's assign, capture, if, unless, case, for, tablerow, cycle,
// increment, decrement, comment; the standard filters and Jekyll's
// relative_url, absolute_url, strip_index, date_to_string,
// date_to_long_string, date_to_xmlschema, date_to_rfc822, xml_escape,
// cgi_escape, uri_escape, markdownify, smartify, slugify, jsonify,
// number_of_words, array_to_sentence_string, normalize_whitespace,
// to_integer, where, where_exp, find, find_exp, group_by, sort, push, pop,
// shift, unshift, and at_least and at_most. {{ }} written over several
// lines work, as in Ruby.
//
// What Jekyll would stop at, or show wrongly, is a [Warning] with
// file:line, and no reader ever sees raw template text: an unknown tag
// renders nothing, or a link to the URL among its arguments ({% oembed
// https://... %}), or to the page of a known embed plugin ({% youtube ID %},
// {% vimeo ID %}, {% gist user/id %}); a block's own end tag goes too while
// its inside stays. An unknown filter is left out, as Jekyll does. A
// {{ }} that does not parse is left out, and so is a {% or {{ that is never
// closed. A missing link, post or include
// renders nothing. A page.* or site.* variable that is not set gets one
// warning, since it is often set by a Ruby plugin in _plugins/, which
// kopij cannot run. A syntax error that leaves the page without structure
// (an {% if %} without {% endif %}) is an [Error] with file:line.
//
// # HTML through Markdown
//
// kopij renders Markdown with raw HTML off, so HTML from tags would be
// dropped. Tags that make HTML (highlight, includes whose output starts
// with an HTML tag, unknown tags' links, {::nomarkdown}, markdownify) put
// it in Fragments and write a placeholder, a run of letters and digits
// that Markdown leaves alone: on a paragraph of its own for blocks,
// inline otherwise. Restore swaps placeholders for their HTML after
// rendering and drops the paragraph around a block. Placeholders carry a
// key hashed from the page's body, so text that only looks like one stays
// text. highlight writes the markup of the builder's fenced code (chroma's
// classes, <code class="language-x" data-lang="x">) inside Jekyll's
// <figure class="highlight">, so code stays code and its "# comments" are
// never headings.
//
// # kramdown
//
// [Fragments.Kramdown] (which Render calls) removes {::options /},
// {::comment}…{:/comment} and attribute list definitions, and keeps
// {::nomarkdown} as a fragment, outside code. [NewKramdown] is a goldmark
// extension for block attribute lists on the line after a paragraph,
// heading, list, quote or code block ({: #id .class key="value"}), span
// lists after emphasis, links, images and code ({: .x}), header ids
// ("## Title {#id}"), and {:toc} on a list ("* TOC" then "{:toc}"), which
// becomes kramdown's ul#markdown-toc of the headings in toc_levels, without
// those of class no_toc. Event handler attributes (on...) are dropped.
//
// # Checked against Jekyll
//
// TestSites builds the testdata archives; with KOPIJ_TEST_JEKYLL=1 and
// jekyll on PATH it also builds those marked "Jekyll builds this site." with
// Jekyll and compares documents, URLs, dates and Liquid text.
// TestAgainstJekyll does the same for a whole site (KOPIJ_JEKYLL_VERIFY).
package jekyll
