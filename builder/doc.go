// Package builder turns a site folder of Markdown posts into a static blog.
//
// The user manual of the generator lives in this comment and in README.md.
package builder
