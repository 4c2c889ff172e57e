// Package golexer splits Go source into the tokens chroma's Go lexer
// gives, coalesced as chroma.Coalesce gives them, without regular
// expressions. chroma's lexer tries some thirty backtracking regular
// expressions at every position; this one reads each byte once, which
// makes highlighting a Go block tens of times cheaper.
//
// It tries chroma's rules in chroma's order, each written out as code, so
// a token starts and ends where chroma's would. What it does not cover it
// refuses, and the caller uses chroma: text outside ASCII, carriage
// returns, raw strings (chroma lexes their text as a Go template), block
// comments, and any byte no rule matches. A differential test and fuzz
// target hold it to chroma's output.
package golexer

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// Tokens returns the coalesced tokens of code, or false when code has
// something this package leaves to chroma.
func Tokens(code string) ([]chroma.Token, bool) {
	for i := 0; i < len(code); i++ {
		if c := code[i]; c >= 0x80 || c == '\r' || c == '`' {
			return nil, false
		}
	}
	if strings.Contains(code, "/*") {
		return nil, false
	}
	l := lexer{src: code, out: make([]chroma.Token, 0, len(code)/3+1)}
	for l.pos < len(code) {
		if !l.next() {
			return nil, false
		}
	}
	return l.out, true
}

type lexer struct {
	src string
	pos int
	out []chroma.Token
}

// emit adds src[pos:pos+n] as a token of type t and moves past it,
// merging it into the token before when that has the same type, as
// chroma.Coalesce does (which stops merging at 8,192 bytes).
func (l *lexer) emit(t chroma.TokenType, n int) {
	if n == 0 {
		return
	}
	at := l.pos
	l.pos += n
	// Tokens follow each other in src, so a merged token is a longer
	// substring of it: no copying, however many tokens it takes in.
	if k := len(l.out) - 1; k >= 0 && l.out[k].Type == t && len(l.out[k].Value) < 8192 {
		l.out[k].Value = l.src[at-len(l.out[k].Value) : l.pos]
		return
	}
	l.out = append(l.out, chroma.Token{Type: t, Value: l.src[at:l.pos]})
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
func isWord(c byte) bool   { return isLetter(c) || isDigit(c) }
func isHex(c byte) bool    { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// run is the length of the longest prefix of s[i:] whose bytes all pass f.
func run(s string, i int, f func(byte) bool) int {
	j := i
	for j < len(s) && f(s[j]) {
		j++
	}
	return j - i
}

var (
	// reserved are the words of chroma's first four keyword rules, which
	// no two of them share, with the type of each.
	reserved = words(map[chroma.TokenType][]string{
		chroma.KeywordNamespace:   {"import", "package"},
		chroma.KeywordDeclaration: {"var", "func", "struct", "map", "chan", "type", "interface", "const"},
		chroma.Keyword:            {"break", "default", "select", "case", "defer", "go", "else", "goto", "switch", "fallthrough", "if", "range", "continue", "for", "return"},
		chroma.KeywordConstant:    {"true", "false", "iota", "nil"},
	})
	builtins = set("uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16", "int32", "int64", "float", "float32", "float64", "complex64", "complex128", "byte", "rune", "string", "bool", "error", "uintptr", "print", "println", "panic", "recover", "close", "complex", "real", "imag", "len", "cap", "append", "copy", "delete", "new", "make", "clear", "min", "max")
	types    = set("uint", "uint8", "uint16", "uint32", "uint64", "int", "int8", "int16", "int32", "int64", "float", "float32", "float64", "complex64", "complex128", "byte", "rune", "string", "bool", "error", "uintptr", "any")
	// operators in the order of chroma's alternation, which takes the
	// first that matches, not the longest.
	operators = []string{"<<=", ">>=", "<<", ">>", "<=", ">=", "&^=", "&^", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "&&", "||", "<-", "++", "--", "==", "!=", ":=", "..."}
)

func words(byType map[chroma.TokenType][]string) map[string]chroma.TokenType {
	m := map[string]chroma.TokenType{}
	for t, ws := range byType {
		for _, w := range ws {
			m[w] = t
		}
	}
	return m
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// next lexes one token with the first of chroma's Go rules that matches
// at pos, or reports that none does.
func (l *lexer) next() bool {
	s, i := l.src, l.pos
	c := s[i]
	// \n and \s+
	if isSpace(c) {
		l.emit(chroma.TextWhitespace, run(s, i, isSpace))
		return true
	}
	// //[^\s\n\r][^\n\r]* and //[^\n\r]*
	if strings.HasPrefix(s[i:], "//") {
		n := strings.IndexByte(s[i:], '\n')
		if n < 0 {
			n = len(s) - i
		}
		if i+2 < len(s) && !isSpace(s[i+2]) {
			l.emit(chroma.CommentPreproc, n)
		} else {
			l.emit(chroma.CommentSingle, n)
		}
		return true
	}
	// The keyword rules: a word of the list followed by a word boundary,
	// which holds when the word is the whole run of word bytes here.
	if isLetter(c) {
		w := s[i : i+run(s, i, isWord)]
		if t, ok := reserved[w]; ok {
			l.emit(t, len(w))
			return true
		}
		switch {
		case builtins[w] && i+len(w) < len(s) && s[i+len(w)] == '(':
			l.emit(chroma.NameBuiltin, len(w))
			l.emit(chroma.Punctuation, 1)
			return true
		case types[w]:
			l.emit(chroma.KeywordType, len(w))
			return true
		}
	}
	if n, t := l.number(); n > 0 {
		l.emit(t, n)
		return true
	}
	switch c {
	case '\'':
		if n := charLiteral(s[i:]); n > 0 {
			l.emit(chroma.LiteralStringChar, n)
			return true
		}
	case '"':
		if n := stringLiteral(s[i:]); n > 0 {
			l.emit(chroma.LiteralString, n)
			return true
		}
		return false
	}
	for _, op := range operators {
		if strings.HasPrefix(s[i:], op) {
			l.emit(chroma.Operator, len(op))
			return true
		}
	}
	if strings.IndexByte("+-*/%&", c) >= 0 {
		l.emit(chroma.Operator, 1)
		return true
	}
	// ([a-zA-Z_]\w*)(\s*)(\()
	if isLetter(c) {
		w := run(s, i, isWord)
		sp := run(s, i+w, isSpace)
		if i+w+sp < len(s) && s[i+w+sp] == '(' {
			l.emit(chroma.NameFunction, w)
			l.emit(chroma.TextWhitespace, sp)
			l.emit(chroma.Punctuation, 1)
			return true
		}
	}
	if strings.IndexByte("|^<>=!()[]{}.,;:~", c) >= 0 {
		l.emit(chroma.Punctuation, 1)
		return true
	}
	// [^\W\d]\w*
	if isLetter(c) {
		l.emit(chroma.NameOther, run(s, i, isWord))
		return true
	}
	return false
}

// number is the length and type of the number rules' first match at pos.
func (l *lexer) number() (int, chroma.TokenType) {
	s, i := l.src, l.pos
	digits := func(at int) int { return run(s, at, isDigit) }
	// exponent is the length of [Ee][-+]\d+ (sign required) or, with
	// optSign, [eE][+\-]?\d+ at j; 0 when there is none.
	exponent := func(j int, optSign bool) int {
		if j >= len(s) || s[j] != 'e' && s[j] != 'E' {
			return 0
		}
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		} else if !optSign {
			return 0
		}
		if d := digits(k); d > 0 {
			return k + d - j
		}
		return 0
	}
	is := func(j int, b byte) bool { return j < len(s) && s[j] == b }
	d := digits(i)
	// \d+i
	if d > 0 && is(i+d, 'i') {
		return d + 1, chroma.LiteralNumber
	}
	// \d+\.\d*([Ee][-+]\d+)?i
	if d > 0 && is(i+d, '.') {
		j := i + d + 1
		j += digits(j)
		if e := exponent(j, false); e > 0 && is(j+e, 'i') {
			return j + e + 1 - i, chroma.LiteralNumber
		}
		if is(j, 'i') {
			return j + 1 - i, chroma.LiteralNumber
		}
	}
	// \.\d+([Ee][-+]\d+)?i
	if is(i, '.') {
		if f := digits(i + 1); f > 0 {
			j := i + 1 + f
			if e := exponent(j, false); e > 0 && is(j+e, 'i') {
				return j + e + 1 - i, chroma.LiteralNumber
			}
			if is(j, 'i') {
				return j + 1 - i, chroma.LiteralNumber
			}
		}
	}
	// \d+[Ee][-+]\d+i
	if d > 0 {
		if e := exponent(i+d, false); e > 0 && is(i+d+e, 'i') {
			return d + e + 1, chroma.LiteralNumber
		}
	}
	// \d+(\.\d+[eE][+\-]?\d+|\.\d*|[eE][+\-]?\d+)
	if d > 0 {
		j := i + d
		if is(j, '.') {
			if f := digits(j + 1); f > 0 {
				if e := exponent(j+1+f, true); e > 0 {
					return j + 1 + f + e - i, chroma.LiteralNumberFloat
				}
			}
			return j + 1 + digits(j+1) - i, chroma.LiteralNumberFloat
		}
		if e := exponent(j, true); e > 0 {
			return j + e - i, chroma.LiteralNumberFloat
		}
	}
	// \.\d+([eE][+\-]?\d+)?
	if is(i, '.') {
		if f := digits(i + 1); f > 0 {
			return 1 + f + exponent(i+1+f, true), chroma.LiteralNumberFloat
		}
	}
	if is(i, '0') {
		// 0[0-7]+
		if n := run(s, i+1, func(c byte) bool { return '0' <= c && c <= '7' }); n > 0 {
			return n + 1, chroma.LiteralNumberOct
		}
		// 0[xX][0-9a-fA-F_]+
		if is(i+1, 'x') || is(i+1, 'X') {
			if n := run(s, i+2, func(c byte) bool { return isHex(c) || c == '_' }); n > 0 {
				return n + 2, chroma.LiteralNumberHex
			}
		}
		// 0b[01_]+
		if is(i+1, 'b') {
			if n := run(s, i+2, func(c byte) bool { return c == '0' || c == '1' || c == '_' }); n > 0 {
				return n + 2, chroma.LiteralNumberBin
			}
		}
		// (0|...)
		return 1, chroma.LiteralNumberInteger
	}
	// (...|[1-9][0-9_]*)
	if d > 0 {
		return run(s, i, func(c byte) bool { return isDigit(c) || c == '_' }), chroma.LiteralNumberInteger
	}
	return 0, chroma.Error
}

// charLiteral is the length of the character literal at the start of s:
// '(\\['"\\abfnrtv]|\\x[0-9a-fA-F]{2}|\\[0-7]{1,3}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|[^\\])'
// tried alternative by alternative; 0 when there is none.
func charLiteral(s string) int {
	hexes := func(at, n int) bool {
		if at+n > len(s) {
			return false
		}
		for k := at; k < at+n; k++ {
			if !isHex(s[k]) {
				return false
			}
		}
		return true
	}
	closes := func(at int) bool { return at < len(s) && s[at] == '\'' }
	if len(s) < 3 {
		return 0
	}
	if s[1] != '\\' {
		if closes(2) {
			return 3
		}
		return 0
	}
	if strings.IndexByte(`'"\abfnrtv`, s[2]) >= 0 && closes(3) {
		return 4
	}
	if s[2] == 'x' && hexes(3, 2) && closes(5) {
		return 6
	}
	// \\[0-7]{1,3}, greedy, giving back digits to find the quote.
	oct := run(s, 2, func(c byte) bool { return '0' <= c && c <= '7' })
	for n := min(oct, 3); n >= 1; n-- {
		if closes(2 + n) {
			return 3 + n
		}
	}
	if s[2] == 'u' && hexes(3, 4) && closes(7) {
		return 8
	}
	if s[2] == 'U' && hexes(3, 8) && closes(11) {
		return 12
	}
	return 0
}

// stringLiteral is the length of the string literal at the start of s
// when "(\\\\|\\"|[^"])*" matches it without backtracking into an
// escape; 0 otherwise (an unclosed string, which chroma would end at an
// escaped quote).
func stringLiteral(s string) int {
	for j := 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if j+1 < len(s) && (s[j+1] == '\\' || s[j+1] == '"') {
				j++
			}
		case '"':
			return j + 1
		}
	}
	return 0
}
