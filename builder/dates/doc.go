// Package dates reads the dates of posts as Hugo and Jekyll read them, and
// decides, as they do, whether a post is published at all.
//
// # Date forms
//
// [Parser.Parse] takes every form the two generators take in front matter:
//
//	2019-02-08                        2018-1-3 (unpadded, as Jekyll writes them)
//	2019-02-08T10:00:00+01:00         RFC 3339, also with "t", "z", fractions, +0100, +01
//	2019-02-08 15:04:05 -0700         Jekyll's own form, also +01:00, +01 and without seconds
//	2019-02-08 10:00:00 UTC           UTC, GMT, UT, Z and the US zones EST/EDT ... PST/PDT
//	2019-02-08 10pm, 10:00 p.m.       12-hour clocks
//	September 21, 2021                month names in English and Dutch, long or short,
//	21 September 2021, Sep 21 2021    with ordinals (21st) and weekdays (Tue,) around them
//	Tue, 21 Sep 2021 10:00:00 +0200   RFC 1123 and the C library's date forms
//	08/02/2019, 2019/02/08, 08.02.2019  day first unless the year is first, as Ruby reads them
//	20190208, 20190208T100000Z        compact ISO 8601
//	2019-039                          year and day of the year
//	1549619606                        unix seconds (as Hugo reads an integer date)
//
// Jekyll hands every front matter date to Ruby's Time.parse, so where the
// forms are ambiguous this package does what Ruby does. In particular a zone
// Ruby's Time does not know is ignored and the time is read in the site's
// zone: "2019-02-08 7:53:26 +1h" is 07:53:26 site time, and so are "+1",
// "+130", "GMT+2" and "CEST" (Date.Ignored names what was skipped, for a
// warning). Ruby reads the zones +HH, +HHMM, +HH:MM and +HH:MM:SS, the names
// above, and nothing else. Days past the end of a month roll over as in
// Ruby (2019-02-30 is 2 March); a day above 31, a month above 12, an hour
// above 24 or a minute above 59 is an error.
//
// Where this package departs from Ruby, on purpose: a date without a year
// ("September 21", "10:00") is an error, since Ruby fills in the current year
// and the post would move every January; Dutch month names are read (Ruby
// misreads "21 mei 2021" as the 21st of the current month); a string of nine
// to eleven digits is unix seconds; years before 1 and Japanese era dates
// are errors.
//
// # Zones
//
// A date written without a zone is in Parser.Location, the site's time zone
// (UTC when nil), as in both generators. A date with a zone keeps its offset;
// Jekyll then shows it in the site's zone ([time.Time.In]), which is what its
// permalinks use.
//
// YAML decoders decide the zone of an unquoted timestamp themselves. Ruby's
// YAML, and so Jekyll, reads an unquoted "2019-02-08 10:00:00" as UTC but a
// quoted one, and every date without a time, in the site's zone; Hugo reads
// all of them in the site's zone. [Parser.Node] takes the YAML node and
// applies Jekyll's rule when Parser.YAMLTimesUTC is set; [Parser.Value]
// takes an already decoded value (string, time.Time, integer), and reads a
// TOML date-time without a zone (as BurntSushi/toml decodes it) in the
// site's zone, as Hugo does.
//
// Hugo applies no zone names: "Mon, 02 Jan 2006 15:04:05 MST" is 15:04 site
// time in Hugo and 15:04 -0700 in Jekyll. Set Parser.IgnoreZoneNames for a
// Hugo site.
//
// # Checked against the generators
//
// testdata/inputs.txt holds the forms of both generators' documentation and
// Ruby's Time.parse tests. testdata/ruby.tsv is what Ruby's Time.parse made
// of each in three site zones, testdata/hugo.tsv what hugo list all showed
// for each in a site with timeZone Europe/Amsterdam (error for the forms Hugo
// rejects; this package reads every form Hugo reads, and more). go test
// -update regenerates both where ruby and hugo are on PATH.
//
// # File names
//
// [Parser.FileName] splits a Jekyll post file name such as
// "_posts/2018-1-3-voornemens.md" into its date, slug and extension, with
// Jekyll's own pattern; Jekyll does not read a file in _posts whose name has
// no date.
//
// # Published or not
//
// [Visibility] holds the published: and draft: values of a post and says,
// through [Visibility.Jekyll] and [Visibility.Hugo], whether that generator
// publishes the post, with a warning for values that are not plain true or
// false. In Ruby only false and nil are false, so Jekyll publishes a post
// with "published: terug" or a quoted "published: 'false'", and leaves out
// one with an empty "published:". Jekyll ignores draft: altogether. Hugo
// reads both keys with Go's strconv.ParseBool: a draft: it cannot read is
// false (published), a published: it cannot read is ignored, and draft:
// wins when both are set.
package dates
