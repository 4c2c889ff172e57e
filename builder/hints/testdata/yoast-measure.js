// yoast-measure.js prints Yoast's readability figures for the reference
// texts in reference/*.md as JSON; reference.json holds its output.
//
// It was run with yoastseo 3.6.0 installed outside the repository:
//
//	mkdir /tmp/yoast && cd /tmp/yoast && npm install yoastseo@3.6.0
//	NODE_PATH=/tmp/yoast/node_modules node yoast-measure.js reference > reference/reference.json
//
// The Markdown of the reference texts is limited to "#" headings, plain
// paragraphs, "-" and "1." lists, fenced code blocks and `inline code`, so
// the tiny converter below gives Yoast the same HTML that goldmark
// renders. The leading "# Title" heading is left out, as a post's title is
// not part of its body: kopij sees the same heading in the body and must
// recognise it as the title. Code blocks are left out too: Yoast counts
// their words in its Flesch score, but readers do not read code as prose,
// and kopij leaves code out.
const fs = require("fs");
const path = require("path");
const { Paper } = require("yoastseo");
const LanguageProcessor = require("yoastseo/build/parse/language/LanguageProcessor").default;
const { build } = require("yoastseo/build/parse/build");
const researchers = {
  en: require("yoastseo/build/languageProcessing/languages/en/Researcher").default,
  nl: require("yoastseo/build/languageProcessing/languages/nl/Researcher").default,
};

function inline(s) {
  return s.replace(/`([^`]*)`/g, (_, c) => `<code>${esc(c)}</code>`);
}

function esc(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function toHTML(md) {
  const out = [];
  const parts = md.split(/(```[^\n]*\n[\s\S]*?\n```)/);
  for (const part of parts) {
    if (part.startsWith("```")) continue;
    for (const b of part.split(/\n\s*\n/).map((x) => x.trim()).filter(Boolean)) {
      const h = /^(#+)\s+(.*)$/s.exec(b);
      if (h) {
        if (h[1].length > 1) out.push(`<h${h[1].length}>${inline(h[2])}</h${h[1].length}>`);
        continue;
      }
      const lines = b.split("\n");
      if (lines.every((l) => /^- /.test(l))) {
        out.push("<ul>" + lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join("") + "</ul>");
      } else if (lines.every((l) => /^\d+\. /.test(l))) {
        out.push("<ol>" + lines.map((l) => `<li>${inline(l.replace(/^\d+\. /, ""))}</li>`).join("") + "</ol>");
      } else {
        out.push(`<p>${inline(b.replace(/\n/g, " "))}</p>`);
      }
    }
  }
  return out.join("\n");
}

const dir = process.argv[2];
const out = {};
for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
  const lang = name.startsWith("nl") ? "nl" : "en";
  const paper = new Paper(toHTML(fs.readFileSync(path.join(dir, name), "utf8")), { locale: lang === "nl" ? "nl_NL" : "en_US" });
  const r = new researchers[lang](paper);
  paper.setTree(build(paper, new LanguageProcessor(r)));
  const sentences = r.getResearch("countSentencesFromText");
  const long = sentences.filter((s) => s.sentenceLength > 20).length;
  const passive = r.getResearch("getPassiveVoiceResult");
  const trans = r.getResearch("findTransitionWords");
  const paragraphs = r.getResearch("getParagraphLength");
  const round = (x) => Math.round(x * 10) / 10;
  out[name] = {
    lang,
    flesch: r.getResearch("getFleschReadingScore").score,
    sentences: sentences.length,
    long_sentences_pct: round((100 * long) / sentences.length),
    longest_paragraph_words: Math.max(...paragraphs.map((p) => p.paragraphLength)),
    passive_pct: round((100 * passive.passives.length) / passive.total),
    transition_pct: round((100 * trans.transitionWordSentences) / trans.totalSentences),
  };
}
console.log(JSON.stringify(out, null, 2));
